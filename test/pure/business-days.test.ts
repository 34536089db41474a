import {
  addDays,
  businessDaysBefore,
  federalHolidayObservedOn,
  federalHolidays,
  isBusinessDay,
  isCalendarDate,
  reverificationDue,
  startOfDayIn,
  todayIn,
} from '../../src/domain';

const NEW_YORK = 'America/New_York';

/** The observed dates of a year's holidays, as OPM lists them for Monday-Friday schedules. */
const observed = (year: number) => federalHolidays(year).map((holiday) => holiday.observed);

describe('the federal holidays of a year', () => {
  // Published lists: OPM's 2026 schedule as reported by The Independent (2026-01-05); 2027 as federalholidays.net
  // republishes OPM's notes ("June 19, 2027 … falls on a Saturday. For most Federal employees, Friday, June 18, will
  // be treated as a holiday"); 2023 and 2028 as the R package almanac tests its US federal calendar against them.
  it.each([
    [
      2023,
      [
        '2023-01-02',
        '2023-01-16',
        '2023-02-20',
        '2023-05-29',
        '2023-06-19',
        '2023-07-04',
        '2023-09-04',
        '2023-10-09',
        '2023-11-10',
        '2023-11-23',
        '2023-12-25',
      ],
    ],
    [
      2026,
      [
        '2026-01-01',
        '2026-01-19',
        '2026-02-16',
        '2026-05-25',
        '2026-06-19',
        '2026-07-03',
        '2026-09-07',
        '2026-10-12',
        '2026-11-11',
        '2026-11-26',
        '2026-12-25',
      ],
    ],
    [
      2027,
      [
        '2027-01-01',
        '2027-01-18',
        '2027-02-15',
        '2027-05-31',
        '2027-06-18',
        '2027-07-05',
        '2027-09-06',
        '2027-10-11',
        '2027-11-11',
        '2027-11-25',
        '2027-12-24',
      ],
    ],
    [
      2028,
      [
        '2027-12-31',
        '2028-01-17',
        '2028-02-21',
        '2028-05-29',
        '2028-06-19',
        '2028-07-04',
        '2028-09-04',
        '2028-10-09',
        '2028-11-10',
        '2028-11-23',
        '2028-12-25',
      ],
    ],
  ])('match the published list for %i', (year, published) => {
    expect(observed(year)).toEqual(published);
  });

  it('are eleven distinct weekdays each year, each within a day of the holiday it stands for', () => {
    for (let year = 2022; year <= 2030; year++) {
      const holidays = federalHolidays(year);
      expect(holidays).toHaveLength(11);
      expect(new Set(observed(year)).size).toBe(11);
      for (const { date, observed: day } of holidays) {
        expect(isBusinessDay(day)).toBe(false);
        expect([1, 2, 3, 4, 5]).toContain(new Date(`${day}T00:00:00Z`).getUTCDay());
        expect([addDays(date, -1), date, addDays(date, 1)]).toContain(day);
      }
    }
  });

  it('give Thanksgiving on the 4th Thursday of November, and the Friday after is a business day', () => {
    expect(federalHolidays(2026).find((h) => h.name === 'Thanksgiving Day')?.observed).toBe('2026-11-26');
    expect(isBusinessDay('2026-11-26')).toBe(false);
    expect(isBusinessDay('2026-11-27')).toBe(true);
    // November 1st a Thursday: the 4th Thursday is the 22nd, the earliest possible.
    expect(federalHolidays(2029).find((h) => h.name === 'Thanksgiving Day')?.date).toBe('2029-11-22');
    // November 1st a Friday: the 4th Thursday is the 28th, the latest possible.
    expect(federalHolidays(2030).find((h) => h.name === 'Thanksgiving Day')?.date).toBe('2030-11-28');
  });

  it('count Juneteenth from 2021 on, observed off the weekend', () => {
    expect(federalHolidays(2020).map((h) => h.name)).not.toContain('Juneteenth National Independence Day');
    expect(federalHolidays(2020)).toHaveLength(10);
    expect(isBusinessDay('2020-06-19')).toBe(true);
    const juneteenth = (year: number) =>
      federalHolidays(year).find((h) => h.name === 'Juneteenth National Independence Day');
    expect(juneteenth(2021)).toEqual({
      name: 'Juneteenth National Independence Day',
      date: '2021-06-19',
      observed: '2021-06-18', // a Saturday: the Friday before
    });
    expect(juneteenth(2022)?.observed).toBe('2022-06-20'); // a Sunday: the Monday after
    expect(juneteenth(2027)?.observed).toBe('2027-06-18'); // a Saturday
    expect(isBusinessDay('2022-06-20')).toBe(false);
    expect(isBusinessDay('2027-06-18')).toBe(false);
  });

  it("observe New Year's Day on a Saturday on December 31 of the year before", () => {
    expect(federalHolidays(2022)[0]).toEqual({ name: "New Year's Day", date: '2022-01-01', observed: '2021-12-31' });
    expect(federalHolidayObservedOn('2021-12-31')?.name).toBe("New Year's Day");
    expect(isBusinessDay('2021-12-31')).toBe(false);
    expect(isBusinessDay('2021-12-30')).toBe(true);
    expect(isBusinessDay('2022-01-03')).toBe(true); // the Monday after is not a second day off
  });

  it("observe New Year's Day on a Sunday on the Monday after", () => {
    expect(federalHolidays(2023)[0]?.observed).toBe('2023-01-02');
    expect(isBusinessDay('2023-01-02')).toBe(false);
    expect(isBusinessDay('2022-12-30')).toBe(true); // the Friday before stays a business day
  });

  it('observe Christmas and Independence Day on weekends on the nearest weekday', () => {
    expect(federalHolidayObservedOn('2021-12-24')?.name).toBe('Christmas Day'); // Saturday the 25th
    expect(federalHolidayObservedOn('2022-12-26')?.name).toBe('Christmas Day'); // Sunday the 25th
    expect(federalHolidayObservedOn('2027-12-24')?.name).toBe('Christmas Day');
    expect(federalHolidayObservedOn('2026-07-03')?.name).toBe('Independence Day'); // Saturday the 4th
    expect(federalHolidayObservedOn('2027-07-05')?.name).toBe('Independence Day'); // Sunday the 4th
    expect(isBusinessDay('2026-07-03')).toBe(false);
    expect(isBusinessDay('2027-07-05')).toBe(false);
    expect(isBusinessDay('2026-07-06')).toBe(true);
  });

  it('refuse a year that is not a calendar year', () => {
    expect(() => federalHolidays(2026.5)).toThrow(RangeError);
    expect(() => federalHolidays(0)).toThrow(RangeError);
  });
});

describe('business days', () => {
  it('skip weekends', () => {
    expect(isBusinessDay('2026-03-06')).toBe(true); // Friday
    expect(isBusinessDay('2026-03-07')).toBe(false);
    expect(isBusinessDay('2026-03-08')).toBe(false);
    expect(isBusinessDay('2026-03-09')).toBe(true);
  });

  it('count back from the closing date, the closing date itself not counted', () => {
    expect(businessDaysBefore('2026-03-10', 1)).toBe('2026-03-09');
    expect(businessDaysBefore('2026-03-09', 1)).toBe('2026-03-06'); // over a weekend
    expect(businessDaysBefore('2026-03-08', 1)).toBe('2026-03-06'); // from a Sunday
    expect(businessDaysBefore('2026-03-10', 0)).toBe('2026-03-10');
  });

  it('find a due date across a holiday weekend (closing the Tuesday after Labor Day)', () => {
    // Mon 09-07 is Labor Day; Fri 09-04, Thu 09-03, Wed 09-02, Tue 09-01, Mon 08-31.
    expect(businessDaysBefore('2026-09-08', 5)).toBe('2026-08-31');
  });

  it("follow the reference's worked example of the GSEs' 10 business days before the note date", () => {
    // lender-features.md §C: note date Friday 2024-07-12, July 4th a holiday → Thursday 2024-06-27.
    expect(businessDaysBefore('2024-07-12', 10)).toBe('2024-06-27');
  });

  it('cross a year end, and a holiday of the next year observed in the one before', () => {
    // 2022-01-03 Monday; 2021-12-31 is New Year's Day 2022 observed; the 2nd business day back is Thursday.
    expect(businessDaysBefore('2022-01-04', 2)).toBe('2021-12-30');
    // Closing Monday 2028-01-03: Friday 2027-12-31 is New Year's Day 2028 observed, Friday 12-24 Christmas observed.
    expect(businessDaysBefore('2028-01-03', 1)).toBe('2027-12-30');
    expect(businessDaysBefore('2028-01-03', 5)).toBe('2027-12-23');
    // Christmas 2026 and New Year's Day 2027 both on Fridays: Mon 01-04, Thu 12-31, Wed 12-30, Tue 12-29, Mon 12-28,
    // Thu 12-24, Wed 12-23.
    expect(businessDaysBefore('2027-01-05', 4)).toBe('2026-12-29');
    expect(businessDaysBefore('2027-01-05', 7)).toBe('2026-12-23');
  });

  it('skip closures by executive order passed as data', () => {
    // 2025-01-09: federal offices closed for President Carter's national day of mourning.
    expect(isBusinessDay('2025-01-09')).toBe(true);
    expect(isBusinessDay('2025-01-09', ['2025-01-09'])).toBe(false);
    expect(businessDaysBefore('2025-01-10', 1, ['2025-01-09'])).toBe('2025-01-08');
  });

  it('refuse a date that does not exist and a count that is not a whole number', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('2026-3-9')).toBe(false);
    expect(isCalendarDate('2026-03-09T00:00:00Z')).toBe(false);
    expect(() => businessDaysBefore('2026-02-30', 0)).toThrow(RangeError);
    expect(() => businessDaysBefore('2026-03-10', -1)).toThrow(RangeError);
    expect(() => businessDaysBefore('2026-03-10', 1.5)).toThrow(RangeError);
    expect(() => isBusinessDay('next tuesday')).toThrow(RangeError);
  });
});

describe('dates in the lender time zone', () => {
  it('start a day at local midnight on both sides of the March change (America/New_York)', () => {
    expect(startOfDayIn('2026-03-07', NEW_YORK)).toBe('2026-03-07T05:00:00.000Z');
    expect(startOfDayIn('2026-03-08', NEW_YORK)).toBe('2026-03-08T05:00:00.000Z'); // the change is at 2 a.m.
    expect(startOfDayIn('2026-03-09', NEW_YORK)).toBe('2026-03-09T04:00:00.000Z');
  });

  it('start a day at local midnight on both sides of the November change (America/New_York)', () => {
    expect(startOfDayIn('2026-10-31', NEW_YORK)).toBe('2026-10-31T04:00:00.000Z');
    expect(startOfDayIn('2026-11-01', NEW_YORK)).toBe('2026-11-01T04:00:00.000Z');
    expect(startOfDayIn('2026-11-02', NEW_YORK)).toBe('2026-11-02T05:00:00.000Z');
  });

  it('start a day where the clocks skip or repeat midnight', () => {
    // Santiago skips 00:00-01:00 on 2026-09-06: the day begins at 01:00 -03.
    expect(startOfDayIn('2026-09-06', 'America/Santiago')).toBe('2026-09-06T04:00:00.000Z');
    // Beirut skips 00:00-01:00 on 2026-03-29: the day begins at 01:00 +03.
    expect(startOfDayIn('2026-03-29', 'Asia/Beirut')).toBe('2026-03-28T22:00:00.000Z');
    // Havana goes from 01:00 back to 00:00 on 2026-11-01: the day begins at the first midnight, -04.
    expect(startOfDayIn('2026-11-01', 'America/Havana')).toBe('2026-11-01T04:00:00.000Z');
    expect(startOfDayIn('2026-06-01', 'UTC')).toBe('2026-06-01T00:00:00.000Z');
    expect(startOfDayIn('2026-06-01', 'Asia/Kolkata')).toBe('2026-05-31T18:30:00.000Z');
  });

  it('agree with todayIn for every day of a year: the start is that day, the second before is the day before', () => {
    for (let day = '2026-01-01'; day < '2027-01-01'; day = addDays(day, 1)) {
      const start = startOfDayIn(day, NEW_YORK);
      expect(todayIn(start, NEW_YORK)).toBe(day);
      expect(todayIn(new Date(Date.parse(start) - 1), NEW_YORK)).toBe(addDays(day, -1));
    }
  });

  it('tell the date of an instant in the zone', () => {
    expect(todayIn('2026-03-08T04:59:59.999Z', NEW_YORK)).toBe('2026-03-07');
    expect(todayIn('2026-03-08T05:00:00.000Z', NEW_YORK)).toBe('2026-03-08');
    expect(todayIn(new Date('2026-12-31T23:30:00Z'), NEW_YORK)).toBe('2026-12-31');
    expect(todayIn('2026-12-31T23:30:00Z', 'Asia/Tokyo')).toBe('2027-01-01');
  });

  it('refuse an unknown zone and an invalid instant', () => {
    expect(() => startOfDayIn('2026-03-09', 'Mars/Olympus_Mons')).toThrow(RangeError);
    expect(() => todayIn('yesterday', NEW_YORK)).toThrow(RangeError);
  });
});

describe('the re-verification due date', () => {
  it('is the start, in the lender zone, of the N-th business day before closing', () => {
    expect(reverificationDue('2026-09-08', 5, NEW_YORK)).toEqual({
      dueDate: '2026-08-31',
      dueAt: '2026-08-31T04:00:00.000Z',
    });
    // Across Thanksgiving, in winter time: Wed 11-25, Tue 11-24, Mon 11-23, Fri 11-20, Thu 11-19.
    expect(reverificationDue('2026-11-30', 5, NEW_YORK)).toEqual({
      dueDate: '2026-11-20',
      dueAt: '2026-11-20T05:00:00.000Z',
    });
  });
});
