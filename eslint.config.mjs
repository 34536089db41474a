import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const simulatorsOnlyByDynamicImport = {
  group: ['**/simulators', '**/simulators/**'],
  allowTypeImports: true,
  message: 'Simulators are loaded by `voie dev` only, with a dynamic import().',
};

// A regex: in `group`'s gitignore patterns, `!**/workflows/public` cannot re-include a file whose folder matched.
const workflowsOnlyThroughPublic = {
  regex: '(^|/)workflows(/(?!public$).*)?$',
  message: 'Import workflows/public: it is all the rest of voie may know of the workflows.',
};

export default tseslint.config(
  {
    ignores: ['node_modules', 'lib', 'dist', '.data', '.tools', 'coverage', 'jest.config.js', 'jest.cluster.config.js'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'object-shorthand': 'error',
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, and of voie only the domain.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins,
          patterns: [
            { group: ['../src/*', '!../src/domain', '../activities', '../activities/*'], allowTypeImports: true },
          ],
        },
      ],
    },
  },
  {
    // The domain is imported by every layer, workflows included: it imports nothing of voie and nothing of Node.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: nodeBuiltins, patterns: [{ group: ['../*', '@temporalio/*'] }] }],
    },
  },
  {
    // Providers speak the domain's vocabulary; the workflow is none of their business.
    files: ['src/providers/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/workflows', '**/workflows/*'] }] }] },
  },
  {
    // The simulators are for `voie dev` and tests: production code never loads them. `voie dev` reaches them through a
    // dynamic `import()`, which this rule does not see. (The typescript-eslint rule, so these patterns add to the
    // `no-restricted-imports` blocks above instead of replacing them.)
    files: ['workflows/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [simulatorsOnlyByDynamicImport] }] },
  },
  {
    // The same, and the workflows are reached only through their public module, so their insides can change freely.
    // One block for both: a later block's rule would replace this one's for the same file. (Tests may import a
    // workflow's insides: they test them.)
    files: ['src/**/*.ts', 'activities/**/*.ts'],
    ignores: ['src/simulators/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [simulatorsOnlyByDynamicImport, workflowsOnlyThroughPublic] },
      ],
    },
  },
  {
    // The simulators may load each other, but reach the workflows like the rest of `src/`.
    files: ['src/simulators/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [workflowsOnlyThroughPublic] }] },
  },
  {
    // Modules import each other in one direction: a cycle makes load order matter and hides which layer owns what.
    // Type-only imports are erased at compile time, and the rule does not follow them. Node's resolution with `.ts`
    // finds every module: voie's tsconfig has no `paths`, so a TypeScript resolver would add a dependency and nothing.
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js'] })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // Tests read JSON bodies whose shape is what they assert; typing each one adds nothing.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  { files: ['**/*.mjs', '**/*.js'], ...tseslint.configs.disableTypeChecked },
  prettier,
);
