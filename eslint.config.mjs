import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const devOnlyFromCheckout = {
  group: ['**/dev', '**/dev/**'],
  message:
    'dev/ is no part of the production build: `voie dev` reaches it through src/commands/dev-from-checkout.ts only.',
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
    // The contract's schemas build on the rest of the domain (its enumerations), and like it on nothing else.
    files: ['src/domain/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: nodeBuiltins, patterns: [{ group: ['../../*', '@temporalio/*'] }] }],
    },
  },
  {
    // Providers speak the domain's vocabulary; the workflow is none of their business.
    files: ['src/providers/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/workflows', '**/workflows/*'] }] }] },
  },
  {
    // dev/ (the simulators, the embedded Temporal server, its installers, `voie dev`) is left out of the production
    // build, so production code imports nothing of it, types included: `tsc` compiles every file a type import
    // reaches. `voie dev` is reached through a dynamic `import()` of a variable, which neither this rule nor `tsc`
    // follows. The rest of voie reaches the workflows only through their public module, so their insides can change
    // freely (tests may import a workflow's insides: they test them). (The typescript-eslint rule, so these patterns
    // add to the `no-restricted-imports` blocks above instead of replacing them; one block, as a later block's rule
    // would replace this one's for the same file.)
    files: ['src/**/*.ts', 'activities/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [devOnlyFromCheckout, workflowsOnlyThroughPublic] },
      ],
    },
  },
  {
    // Workflow code: nothing of dev/, and `patched()` only through the patch registry (workflows/patches.ts), so
    // that no patch escapes its replay test.
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/patches.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@temporalio/workflow',
              importNames: ['patched', 'deprecatePatch'],
              message: 'Register the patch in workflows/patches.ts and call hasPatch().',
            },
          ],
          patterns: [devOnlyFromCheckout],
        },
      ],
    },
  },
  {
    // The development tooling reaches the workflows like the rest of voie.
    files: ['dev/**/*.ts'],
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
