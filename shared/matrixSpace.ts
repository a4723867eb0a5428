// How large Cutler's matrix is in board space, centred on the origin. The canvas draws it,
// and the Measured view places notes on it, from these numbers.

export const MATRIX_WIDTH = 2400;
export const MATRIX_HEIGHT = 1600;
