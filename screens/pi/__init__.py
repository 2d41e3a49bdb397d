"""The kiosk's touchscreen app: Welcome, Choose, Done, Reflect, Switch and teacher mode."""
