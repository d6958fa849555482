/** The bot benchmarks' chat lines (`bot-child.ts`, `verify-memory.ts`): topics, a question, verbatim / changed / unsaid claims, timelines, then repeats. */
export const BOT_LINES = [
  'quote eigenvectors',
  'what is the intuition behind the determinant?',
  'verify "this might seem crazy, but there\'s a sense in which this infinite sum equals negative 1"',
  'verify "this may seem crazy, but in some sense this infinite sum equals minus one"',
  'verify "the gradient of a neural network is computed with backpropagation through the layers"',
  'timeline fourier',
  'quote RL',
  'verify "if you\'re like me, this feels strange or obviously false when you first see it"',
  'timeline determinant',
  'quote openai',
  'verify "to do this we need to back up and you and I will walk through what it might feel like"',
  'ask how does a transformer attention work?',
  'verify "adding the next power of two up to infinity"',
];
