package database

// Test hooks: the tests live in database_test so they use testdb, which imports this package.
var (
	ApplyForTest          = apply
	ReadMigrationsForTest = readMigrations
)
