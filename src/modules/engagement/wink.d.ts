declare module 'wink-naive-bayes-text-classifier' {
  interface NaiveBayesTextClassifier {
    defineConfig(cfg: { considerOnlyPresence?: boolean; smoothingFactor?: number }): boolean;
    definePrepTasks(tasks: ((input: string) => string[])[]): number;
    learn(input: string, label: string): boolean;
    consolidate(): boolean;
    computeOdds(input: string): [string, number][];
    predict(input: string): string;
  }
  function createClassifier(): NaiveBayesTextClassifier;
  export default createClassifier;
}
declare module 'wink-naive-bayes-text-classifier/src/prep-text.js' {
  function prepText(text: string): string[];
  export default prepText;
}
