from kiosk.laptop.review.words import counted


def test_counts_in_words():
    assert [counted(n, "choice") for n in (0, 1, 2, 1234)] == ["0 choices", "1 choice", "2 choices", "1,234 choices"]
    assert counted(1, "day") == "1 day" and counted(3, "child", "children") == "3 children"
