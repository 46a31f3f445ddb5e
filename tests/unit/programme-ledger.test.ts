/**
 * The cross-call ledger's pure parts (functions/domain/programme-ledger.ts): units, the refusal
 * sentences, what stands in the way of new limits, input checks, and the dashboard's figures.
 */
import { describe, expect, it } from 'vitest';
import {
  budgetRefusal,
  capRefusal,
  dashboardFigures,
  limitsConflicts,
  limitsOfProgramme,
  minorUnits,
  TOP_RECIPIENTS,
  validateLimitsInput,
  validateSpending,
  wholeUnits,
  type ProgrammeLedgerState,
  type ProgrammeRecipient,
} from '../../functions/domain/programme-ledger.ts';
import { defaultThirdPartyCap, PROGRAMME_SCHEMA_VERSION, programmeAmountsInMinorUnits } from '../../functions/domain/programme.ts';

const ledger = (o: Partial<ProgrammeLedgerState> = {}): ProgrammeLedgerState => ({
  programmeId: 'p',
  currency: 'EUR',
  budget: 100_000_000,
  thirdPartyCap: 6_000_000,
  minSmeShare: 0.75,
  limitsVersion: 1,
  committed: 0,
  smeCommitted: 0,
  inFlight: 0,
  ...o,
});

const recipient = (o: Partial<ProgrammeRecipient>): ProgrammeRecipient => ({
  organisationKey: 'K',
  organisationName: 'Org',
  registryId: 'R',
  country: 'BE',
  sectors: [],
  isSme: true,
  total: 0,
  awards: 0,
  ...o,
});

describe('units', () => {
  it('converts whole units to minor units by the currency’s digits (stored schema-1 programmes, CSV exports)', () => {
    expect(minorUnits(60_000, 'EUR')).toBe(6_000_000);
    expect(minorUnits(60_000, 'JPY')).toBe(60_000);
    expect(minorUnits(0.1 + 0.2, 'EUR')).toBe(30);
    expect(wholeUnits(6_000_000, 'EUR')).toBe(60_000);
    expect(minorUnits(5, 'XXQ')).toBe(500); // an unknown code: two digits, like the formatter
    // The programme's amounts are minor units already: the ledger starts with them as they are.
    expect(limitsOfProgramme({ totalBudget: 120_000_000, thirdPartyCap: 6_000_000, minSmeShare: 0.75 })).toEqual({ budget: 120_000_000, thirdPartyCap: 6_000_000, minSmeShare: 0.75 });
  });

  it('reads a programme stored in whole units (schema 1) in minor units, and a schema-2 one as it is', () => {
    const stored = { totalBudget: 1_200_000, thirdPartyCap: 60_000, currency: 'EUR', name: 'GreenChain' };
    expect(programmeAmountsInMinorUnits(stored, 1)).toEqual({ ...stored, totalBudget: 120_000_000, thirdPartyCap: 6_000_000 });
    expect(programmeAmountsInMinorUnits(stored, undefined)).toMatchObject({ totalBudget: 120_000_000 });
    expect(programmeAmountsInMinorUnits({ ...stored, currency: 'JPY' }, 1)).toMatchObject({ totalBudget: 1_200_000, thirdPartyCap: 60_000 });
    expect(programmeAmountsInMinorUnits(stored, PROGRAMME_SCHEMA_VERSION)).toBe(stored);
    expect(defaultThirdPartyCap('EUR')).toBe(6_000_000);
  });
});

describe('refusal sentences', () => {
  it('say which limit, what was received and what the cap is', () => {
    expect(capRefusal({ organisationName: 'GreenTech Oy', received: 5_500_000, amount: 1_000_000, cap: 6_000_000, currency: 'EUR', programmeName: 'GreenChain' })).toBe(
      "GreenTech Oy has received €55,000 from GreenChain's calls; €10,000 more would pass the programme's cap of €60,000 per third party.",
    );
    expect(budgetRefusal({ committed: 9_750_000, amount: 500_000, budget: 10_000_000, currency: 'EUR', programmeName: 'GreenChain' })).toBe(
      "Only €2,500 of GreenChain's budget of €100,000 is left across its calls; this award needs €5,000.",
    );
    // Over already (a limit lowered with nothing in flight cannot do this, but the sentence stays sane).
    expect(budgetRefusal({ committed: 11_000_000, amount: 1, budget: 10_000_000, currency: 'EUR', programmeName: 'P' })).toContain('Only €0 of');
  });
});

describe('limits conflicts', () => {
  it('refuses a budget below what is committed and a cap below what someone received, naming the largest first', () => {
    const recipients = [recipient({ organisationName: 'A', total: 5_000_000 }), recipient({ organisationName: 'B', total: 5_900_000 }), recipient({ organisationName: 'C', total: 100 })];
    expect(limitsConflicts({ budget: 100_000_000, thirdPartyCap: 6_000_000, minSmeShare: 0.75 }, ledger({ committed: 11_000_000 }), recipients)).toEqual({});
    const c = limitsConflicts({ budget: 10_000_000, thirdPartyCap: 4_000_000, minSmeShare: 0.75 }, ledger({ committed: 11_000_000 }), recipients);
    expect(c.totalBudget).toBe("The programme's calls have committed €110,000 already; the budget cannot be lower.");
    expect(c.thirdPartyCap).toBe('B (€59,000), A (€50,000) have received more than €40,000 already; the cap cannot be lower.');
    // Exactly at the new cap is fine; many over are summarised.
    expect(limitsConflicts({ budget: 1e9, thirdPartyCap: 5_000_000, minSmeShare: 0 }, ledger(), [recipient({ total: 5_000_000 })])).toEqual({});
    const many = Array.from({ length: 5 }, (_, i) => recipient({ organisationName: `O${i}`, total: 2_000_000 + i }));
    expect(limitsConflicts({ budget: 1e9, thirdPartyCap: 1_000_000, minSmeShare: 0 }, ledger(), many).thirdPartyCap).toMatch(/^O4 .*, O3 .*, O2 .* and 2 more have received/);
  });
});

describe('input checks', () => {
  it('names the field that is wrong', () => {
    expect(validateLimitsInput({ totalBudget: 100_000, thirdPartyCap: 6_000_000, minSmeShare: 0.75 })).toEqual({});
    expect(Object.keys(validateLimitsInput({ totalBudget: -1, thirdPartyCap: 0, minSmeShare: 1.2 })).sort()).toEqual(['minSmeShare', 'thirdPartyCap', 'totalBudget']);
    // Cents are whole numbers.
    expect(Object.keys(validateLimitsInput({ totalBudget: 100.5, thirdPartyCap: 6_000_000.25, minSmeShare: 0.75 })).sort()).toEqual(['thirdPartyCap', 'totalBudget']);
    expect(validateSpending({ label: 'Event', category: 'events', amount: 100, date: '2027-02-10' })).toEqual({});
    expect(Object.keys(validateSpending({ label: ' ', category: 'lunch', amount: 0.5, date: '2027-13-45' })).sort()).toEqual(['amount', 'category', 'date', 'label']);
  });
});

describe('dashboard figures', () => {
  it('computes the SME share against the budget and against all spent, the shortfall and the groups', () => {
    const recipients = [
      recipient({ organisationKey: 'a', organisationName: 'Alpha', country: 'FI', sectors: ['energy', 'food'], total: 6_000_000, awards: 2 }),
      recipient({ organisationKey: 'b', organisationName: 'Beta', country: 'FI', sectors: ['energy'], total: 1_000_000 }),
      recipient({ organisationKey: 'c', organisationName: 'Gamma', country: 'DE', sectors: [], total: 2_000_000, isSme: false }),
      recipient({ organisationKey: 'd', organisationName: 'Delta', country: 'DE', total: 0 }), // withdrawn since: not counted
    ];
    const d = dashboardFigures(ledger({ committed: 9_000_000, smeCommitted: 7_000_000 }), recipients, [
      { competitionId: 'c1', title: 'Call 1', planBudget: 50_000_000, committed: 2_000_000 },
      { competitionId: 'c2', title: 'Call 2', planBudget: 50_000_000, committed: 7_000_000 },
    ], [{ amount: 1_000_000 }]);
    expect(d.left).toBe(91_000_000);
    expect(d.smeShareOfBudget).toBeCloseTo(0.07, 12);
    expect(d.smeShareOfSpent).toBeCloseTo(7 / 10, 12);
    expect(d.smeShareHolds).toBe(false);
    expect(d.smeShortfall).toBe(75_000_000 - 7_000_000);
    expect(d.calls.map((c) => c.competitionId)).toEqual(['c2', 'c1']); // most committed first
    expect(d.recipients).toBe(3);
    expect(d.topRecipients.map((r) => [r.organisationName, r.atCap, r.capLeft])).toEqual([['Alpha', true, 0], ['Gamma', false, 4_000_000], ['Beta', false, 5_000_000]]);
    // Only SMEs are "SMEs supported"; an SME in two sectors counts in each.
    expect(d.byCountry).toEqual([{ key: 'FI', smes: 2, amount: 7_000_000 }]);
    expect(d.bySector).toEqual([{ key: 'energy', smes: 2, amount: 7_000_000 }, { key: 'food', smes: 1, amount: 6_000_000 }]);
  });

  it('holds the share at exactly the minimum, and lists only the top recipients', () => {
    const d = dashboardFigures(ledger({ budget: 100, minSmeShare: 0.7, committed: 70, smeCommitted: 70 }), Array.from({ length: 25 }, (_, i) => recipient({ organisationKey: `k${i}`, total: i + 1 })), [], []);
    expect(d.smeShareHolds).toBe(true);
    expect(d.smeShortfall).toBe(0);
    expect(d.topRecipients).toHaveLength(TOP_RECIPIENTS);
    expect(d.topRecipients[0]!.total).toBe(25);
    expect(dashboardFigures(ledger({ budget: 0 }), [], [], []).smeShareOfBudget).toBe(0);
  });
});
