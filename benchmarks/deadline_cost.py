"""What a deadline costs in the core: adding 1 working hour vs 30 working days, on a calendar with
Sunday–Thursday 08:00–16:00 and ten holidays a year for ten years, beside a day-by-day reference walk;
then the same calendar with each year's Ramadan (10:00–15:00, Umm al-Qura) as a special period, for
30 working days that cross into Ramadan and out of it.

    python benchmarks/deadline_cost.py

Prints the median microseconds per call over repeated rounds (each round times many calls), and the
ratios. No Frappe needed.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from beneficiary_care.core.holidays import proposed_ramadan
from beneficiary_care.core.working_time import Calendar

H = 3600
WEEK = [(d, "08:00", "16:00") for d in ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday")]
HOLIDAYS = [
	(dt.date(year, month, day), dt.date(year, month, day) + dt.timedelta(days=length))
	for year in range(2024, 2034)
	for month, day, length in ((2, 22, 0), (3, 10, 4), (5, 16, 4), (9, 23, 0), (12, 1, 1))
]
CALENDAR = Calendar.build(WEEK, HOLIDAYS)
RAMADANS = [proposed_ramadan(year) for year in range(1445, 1455)]  # 2024–2033
WITH_RAMADAN = Calendar.build(
	WEEK, HOLIDAYS, [(r.label, r.from_date, r.to_date, r.windows) for r in RAMADANS]
)


def day_walk(calendar: Calendar, start: dt.datetime, seconds: int) -> dt.datetime:
	"""Reference: the usual implementation, one day at a time, a holiday and a period look-up per day."""
	day, second = start.date(), start.hour * 3600 + start.minute * 60 + start.second
	while True:
		if not calendar.is_holiday(day):
			for a, b in calendar.windows_on(day):
				if b <= second:
					continue
				begin = max(a, second)
				if seconds <= b - begin:
					return dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=begin + seconds)
				seconds -= b - begin
		day += dt.timedelta(days=1)
		second = 0


def per_call_us(fn, starts, seconds, rounds=15) -> float:
	samples = []
	for _ in range(rounds):
		t0 = time.perf_counter()
		for start in starts:
			fn(start, seconds)
		samples.append((time.perf_counter() - t0) / len(starts) * 1e6)
	return statistics.median(samples)


def main() -> None:
	rng = random.Random(7)
	base = dt.datetime(2026, 1, 1)
	starts = [base + dt.timedelta(minutes=rng.randrange(0, 365 * 24 * 60)) for _ in range(2000)]
	for start in starts:  # both implementations agree
		for seconds in (H, 30 * 8 * H, 250 * 8 * H):
			assert CALENDAR.add(start, seconds) == day_walk(CALENDAR, start, seconds)
	hour = per_call_us(CALENDAR.add, starts, H)
	month = per_call_us(CALENDAR.add, starts, 30 * 8 * H)
	walk_hour = per_call_us(lambda s, n: day_walk(CALENDAR, s, n), starts, H)
	walk_month = per_call_us(lambda s, n: day_walk(CALENDAR, s, n), starts, 30 * 8 * H)
	year = per_call_us(CALENDAR.add, starts, 250 * 8 * H)
	measure = per_call_us(lambda s, n: CALENDAR.working_seconds(s, s + dt.timedelta(days=n)), starts, 42)
	print("deadline = start + working time (median µs per call, 2,000 random starts, 15 rounds)")
	print(f"  core, 1 working hour:        {hour:8.2f} µs")
	print(f"  core, 30 working days:       {month:8.2f} µs   ratio 30 days / 1 hour = {month / hour:.2f}")
	print(f"  core, 250 working days:      {year:8.2f} µs   ratio 250 days / 1 hour = {year / hour:.2f}")
	print(f"  day-by-day walk, 1 hour:     {walk_hour:8.2f} µs")
	print(
		f"  day-by-day walk, 30 days:    {walk_month:8.2f} µs   ratio 30 days / 1 hour = {walk_month / walk_hour:.2f}"
	)
	print(f"  30 days: day-by-day walk / core = {walk_month / month:.1f}x")
	print(f"working time between two instants 6 weeks apart: {measure:.2f} µs")

	# into Ramadan and out of it: starts in the three weeks before each 1 Ramadan, 30 working days
	before = [
		dt.datetime.combine(r.from_date, dt.time()) - dt.timedelta(minutes=rng.randrange(0, 21 * 24 * 60))
		for r in RAMADANS
		for _ in range(200)
	]
	for start in before:
		end = WITH_RAMADAN.add(start, 30 * 8 * H)
		assert end == day_walk(WITH_RAMADAN, start, 30 * 8 * H)
		assert WITH_RAMADAN.period_label(end) is None  # out of Ramadan again
		assert WITH_RAMADAN.working_seconds(start, end) == 30 * 8 * H
	crossing = per_call_us(WITH_RAMADAN.add, before, 30 * 8 * H)
	plain = per_call_us(CALENDAR.add, before, 30 * 8 * H)
	walk_crossing = per_call_us(lambda s, n: day_walk(WITH_RAMADAN, s, n), before, 30 * 8 * H)
	measure_crossing = per_call_us(
		lambda s, n: WITH_RAMADAN.working_seconds(s, s + dt.timedelta(days=n)), before, 60
	)
	print("30 working days into and out of Ramadan (10 Ramadans as special periods, 2,000 starts)")
	print(f"  core, with Ramadan:          {crossing:8.2f} µs   (same starts, no periods: {plain:.2f} µs)")
	print(
		f"  day-by-day walk:             {walk_crossing:8.2f} µs   walk / core = {walk_crossing / crossing:.1f}x"
	)
	print(f"  working time over 60 days across Ramadan: {measure_crossing:.2f} µs")


if __name__ == "__main__":
	main()
