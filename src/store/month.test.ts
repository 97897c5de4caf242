import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MonthlessDates, dayOf, monthOf } from './month.ts';

test('month of a date: ISO, RFC 2822 and month names give it, as written', () => {
  const cases: Array<[string, string]> = [
    ['2016-03-11', '2016-03'],
    ['2016/3/1', '2016-03'],
    ['2016-03', '2016-03'],
    ['2024-03-31T23:30:00-05:00', '2024-03'],
    ['2024-02-29 10:00', '2024-02'],
    ['Tue, 05 Mar 2024 10:00:00 GMT', '2024-03'],
    ['Sun, 31 Mar 2024 23:30:00 -0500', '2024-03'],
    ['March 5, 2024', '2024-03'],
    ['Sept. 30, 2023', '2023-09'],
    ['5 March 2024', '2024-03'],
    ['Tuesday, 1st October 2024', '2024-10'],
  ];
  for (const [date, month] of cases) assert.equal(monthOf(date), month, date);
});

test('month of a date: impossible, ambiguous and unknown forms give none', () => {
  for (const date of ['2024-13-45', '2024-02-30', '2023-02-29', '2024-00-10', '05/03/2024', '3/5/24', 'Marchember 5, 2024', '31 Feb 2024', 'yesterday', '', '20240305']) {
    assert.equal(monthOf(date), null, date);
  }
});

test('dates without a month are counted for one warning that quotes the first', () => {
  const dates = new MonthlessDates();
  for (const d of ['2024-03-05', undefined, '2024-13-45', '05/03/2024']) dates.note(d);
  assert.equal(dates.count, 2);
  assert.match(dates.warning()!, /^2 articles have dates with no clear month .*e\.g\. "2024-13-45"/);
  assert.equal(new MonthlessDates().warning(), null);
});

test('day of a date sorts in time order, as dates written out do not', () => {
  const written = ['January 10, 2025', 'March 5, 2024', 'Tue, 05 Mar 2024 09:00:00 GMT', '2024-03-04T23:30:00Z', '2024-02', '05/03/2024'];
  assert.deepEqual(written.map(dayOf), ['2025-01-10', '2024-03-05', '2024-03-05', '2024-03-04', '2024-02', null]);
  assert.deepEqual(written.filter((d) => dayOf(d)).sort((a, b) => (dayOf(a)! < dayOf(b)! ? -1 : 1))[0], '2024-02');
});
