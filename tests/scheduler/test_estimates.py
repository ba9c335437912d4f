"""The progress page's estimate starts from the preview's and follows the pace seen (pure)."""

from scheduler.estimates import remaining_seconds


def test_before_the_pace_can_be_judged_the_preview_estimate_counts_down():
    assert remaining_seconds(54, 0.0, 0) == 54
    assert remaining_seconds(54, 0.1, 10) == 44
    assert remaining_seconds(54, 0.0, 80) == 0  # late: "any moment now", never negative


def test_once_a_fifth_is_done_the_pace_decides():
    assert remaining_seconds(54, 0.5, 40) == 40  # slower than planned: 80 s in all
    assert remaining_seconds(54, 0.25, 5) == 15  # faster: 20 s in all
