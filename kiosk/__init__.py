"""Choice Kiosk core: domain rules, storage, service and command line. Never imports Kivy."""
