// Types for the mljs classifiers and regressors the machine-learning family uses (these packages ship none).
declare module 'ml-cart' {
  interface TreeOptions {
    gainFunction?: 'gini' | 'regression';
    splitFunction?: 'mean';
    minNumSamples?: number;
    maxDepth?: number;
    gainThreshold?: number;
  }
  export class DecisionTreeClassifier {
    constructor(options?: TreeOptions);
    train(x: number[][], y: number[]): void;
    predict(x: number[][]): number[];
  }
  export class DecisionTreeRegression {
    constructor(options?: TreeOptions);
    train(x: number[][], y: number[]): void;
    predict(x: number[][]): number[];
  }
}

declare module 'ml-knn' {
  export default class KNN {
    constructor(dataset: number[][], labels: number[], options?: { k?: number });
    /** One row gives one label, several rows give one label each. */
    predict(x: number[]): number;
    predict(x: number[][]): number[];
  }
}

declare module 'ml-naivebayes' {
  export class GaussianNB {
    train(x: number[][], y: number[]): void;
    predict(x: number[][]): number[];
    /** Per class, the mean of each feature. */
    means: number[][];
    /** Per class: [log prior, then per feature [1 / (sqrt(2 pi) sd), -2 sd^2]]. */
    calculateProbabilities: [number, ...[number, number][]][];
  }
}

declare module 'ml-logistic-regression' {
  import type { Matrix } from 'ml-matrix';
  export default class LogisticRegression {
    constructor(options?: { numSteps?: number; learningRate?: number });
    /** One-vs-all: one two-class model per label; `classifiers[1].testScores` gives P(label is not 1) for 0/1 labels. */
    classifiers: { testScores(x: Matrix): number[]; weights: Matrix }[];
    train(x: Matrix, y: Matrix): void;
    predict(x: Matrix): number[];
  }
}
