"""Words and letters for both windows: catalogues, languages per turn, fonts, right-to-left text."""
