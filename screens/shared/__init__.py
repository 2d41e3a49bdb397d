"""What both Kivy windows use: text in any script drawn with the right font and direction."""
