// Types for the parts of ml-regression 6 the regression family uses (the package ships none).
declare module 'ml-regression' {
  type Numbers = ArrayLike<number>;

  export class PolynomialRegression {
    constructor(x: Numbers, y: Numbers, degree: number);
    coefficients: number[];
    predict(x: number): number;
  }

  export class MultivariateLinearRegression {
    constructor(x: number[][], y: number[][], options?: { intercept?: boolean; statistics?: boolean });
    /** One row per input (then the intercept row when fitted with one), one column per output. */
    weights: number[][];
    predict(x: number[][]): number[][];
  }

  export class TheilSenRegression {
    constructor(x: Numbers, y: Numbers);
    slope: number;
    intercept: number;
    predict(x: number): number;
  }

  /** Least median of squares fit from random point tuples; `degree` is the number of coefficients (powers 0..degree-1). */
  export class RobustPolynomialRegression {
    constructor(x: Numbers, y: Numbers, degree: number);
    coefficients: number[];
    predict(x: number): number;
  }

  export class KernelRidgeRegression {
    constructor(
      x: number[][],
      y: number[][],
      options?: { kernelType?: string; kernelOptions?: Record<string, number>; lambda?: number },
    );
    predict(x: number[][]): number[][];
    /** The fitted model's fields (what its toJSON saves): training inputs, dual weights and kernel. */
    readonly inputs: import('ml-matrix').Matrix;
    readonly alpha: import('ml-matrix').Matrix;
    readonly kernel: { compute(x: number[][], landmarks: import('ml-matrix').Matrix): import('ml-matrix').Matrix };
  }
}
