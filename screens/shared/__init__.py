"""What both Kivy windows use: the window set-up, and text in any script with the right font and direction."""
