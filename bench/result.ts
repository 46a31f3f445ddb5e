/** One measured figure. `ratio` = value / baseline, for figures measured against a reference. */
export type BenchResult = {
  name: string;
  value: number;
  unit: string;
  baseline?: number;
  ratio?: number;
};
