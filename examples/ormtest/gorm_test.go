package ormtest

import (
	"errors"
	"testing"

	"gorm.io/driver/mysql"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/logger"
)

type Company struct {
	ID   uint   `gorm:"primaryKey"`
	Name string `gorm:"size:100;uniqueIndex"`
}

type User struct {
	ID        uint   `gorm:"primaryKey"`
	Name      string `gorm:"size:100;not null"`
	Email     string `gorm:"size:100;uniqueIndex"`
	Age       int
	CompanyID *uint
	Company   Company
}

// TestGORM: AutoMigrate twice (the second a no-op), then the everyday
// calls, over sqlmongo with GORM's MySQL dialector.
func TestGORM(t *testing.T) {
	for _, skip := range []bool{false, true} {
		t.Run(map[bool]string{false: "version", true: "skip-version"}[skip], func(t *testing.T) {
			sqlDB := openDB(t, "sqlmongo.errors=mysql")
			db, err := gorm.Open(mysql.New(mysql.Config{Conn: sqlDB, SkipInitializeWithVersion: skip}),
				&gorm.Config{Logger: logger.Discard, TranslateError: true})
			if err != nil {
				t.Fatal(err)
			}
			for i := range 2 {
				if err := db.AutoMigrate(&Company{}, &User{}); err != nil {
					t.Fatalf("AutoMigrate #%d: %v", i+1, err)
				}
			}
			if !db.Migrator().HasTable(&User{}) || !db.Migrator().HasColumn(&User{}, "Email") || !db.Migrator().HasIndex(&User{}, "idx_users_email") {
				t.Error("HasTable/HasColumn/HasIndex")
			}
			c := Company{Name: "acme"}
			if err := db.Create(&c).Error; err != nil {
				t.Fatal(err)
			}
			u := User{Name: "ann", Email: "a@x", Age: 30, CompanyID: &c.ID}
			if err := db.Create(&u).Error; err != nil {
				t.Fatal(err)
			}
			if u.ID == 0 {
				t.Error("Create did not set the id")
			}
			err = db.Create(&User{Name: "again", Email: "a@x"}).Error
			if !errors.Is(err, gorm.ErrDuplicatedKey) {
				t.Errorf("duplicate email: %v, want gorm.ErrDuplicatedKey", err)
			}
			var got User
			if err := db.Preload("Company").First(&got, u.ID).Error; err != nil || got.Company.Name != "acme" {
				t.Errorf("First+Preload: %+v, %v", got, err)
			}
			if err := db.Model(&got).Updates(User{Age: 31}).Error; err != nil {
				t.Error(err)
			}
			if err := db.Delete(&got).Error; err != nil {
				t.Error(err)
			}
		})
	}
}

// UserV2 is User with a new field and index, for a second AutoMigrate.
type UserV2 struct {
	ID        uint   `gorm:"primaryKey"`
	Name      string `gorm:"size:100;not null"`
	Email     string `gorm:"size:100;uniqueIndex"`
	Age       int
	CompanyID *uint
	Nick      string `gorm:"size:50;index"`
}

func (UserV2) TableName() string { return "users" }

// TestGORMSchemaAndWrites: AutoMigrate after adding a field and an index,
// the migrator's renames and drops, OnConflict upserts, FirstOrCreate,
// Save and nested transactions.
func TestGORMSchemaAndWrites(t *testing.T) {
	db, err := gorm.Open(mysql.New(mysql.Config{Conn: openDB(t, "sqlmongo.errors=mysql")}),
		&gorm.Config{Logger: logger.Discard, TranslateError: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.AutoMigrate(&Company{}, &User{}); err != nil {
		t.Fatal(err)
	}
	if err := db.AutoMigrate(&UserV2{}); err != nil {
		t.Fatalf("AutoMigrate with a new field: %v", err)
	}
	m := db.Migrator()
	if !m.HasColumn(&UserV2{}, "Nick") || !m.HasIndex(&UserV2{}, "idx_users_nick") {
		t.Error("new field or index missing")
	}
	if err := db.Create(&UserV2{Name: "ann", Email: "a@x", Nick: "an"}).Error; err != nil {
		t.Fatal(err)
	}
	if err := m.RenameColumn(&UserV2{}, "nick", "handle"); err != nil {
		t.Fatalf("RenameColumn: %v", err)
	}
	var handle string
	if err := db.Raw("SELECT handle FROM users WHERE email = ?", "a@x").Scan(&handle).Error; err != nil || handle != "an" {
		t.Errorf("renamed column: %q, %v", handle, err)
	}
	if err := m.DropColumn(&UserV2{}, "handle"); err != nil {
		t.Fatalf("DropColumn: %v", err)
	}
	c := Company{ID: 7, Name: "acme"}
	if err := db.Clauses(clause.OnConflict{UpdateAll: true}).Create(&c).Error; err != nil {
		t.Fatal(err)
	}
	c.Name = "acme2"
	if err := db.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "id"}}, DoUpdates: clause.AssignmentColumns([]string{"name"})}).Create(&c).Error; err != nil {
		t.Fatalf("OnConflict update: %v", err)
	}
	var got Company
	if err := db.First(&got, 7).Error; err != nil || got.Name != "acme2" {
		t.Errorf("after upsert: %+v, %v", got, err)
	}
	var u User
	if err := db.Where(User{Email: "b@x"}).Attrs(User{Name: "bob"}).FirstOrCreate(&u).Error; err != nil || u.ID == 0 {
		t.Fatalf("FirstOrCreate: %+v, %v", u, err)
	}
	u.Age = 40
	if err := db.Save(&u).Error; err != nil {
		t.Fatalf("Save: %v", err)
	}
	err = db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&User{Name: "cy", Email: "c@x"}).Error; err != nil {
			return err
		}
		return tx.Transaction(func(tx2 *gorm.DB) error {
			return tx2.Model(&User{}).Where("email = ?", "c@x").Update("age", 5).Error
		})
	})
	if err != nil {
		t.Fatalf("nested transaction: %v", err)
	}
	var n int64
	if err := db.Model(&User{}).Count(&n).Error; err != nil || n != 3 {
		t.Errorf("users = %d, %v; want 3", n, err)
	}
}
