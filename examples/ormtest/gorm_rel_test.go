package ormtest

import (
	"testing"

	"gorm.io/driver/mysql"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

type Member struct {
	ID      uint   `gorm:"primaryKey"`
	Name    string `gorm:"size:50"`
	Profile Profile
	Posts   []Post
	Tags    []Tag `gorm:"many2many:member_tags"`
}

type Profile struct {
	ID       uint `gorm:"primaryKey"`
	MemberID uint
	Bio      string `gorm:"size:100"`
}

type Post struct {
	ID       uint `gorm:"primaryKey"`
	MemberID uint
	Title    string `gorm:"size:100"`
}

type Tag struct {
	ID   uint   `gorm:"primaryKey"`
	Name string `gorm:"size:30"`
}

// TestGORMRelations: Joins on a has-one (a LEFT JOIN with aliased
// columns), Preload of has-many and many2many (IN lists and a join
// table), and a subquery in Where.
func TestGORMRelations(t *testing.T) {
	sqlDB := openDB(t)
	db, err := gorm.Open(mysql.New(mysql.Config{Conn: sqlDB, SkipInitializeWithVersion: true}), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.AutoMigrate(&Member{}, &Profile{}, &Post{}, &Tag{}); err != nil {
		t.Fatal(err)
	}
	go1, sql1 := Tag{Name: "go"}, Tag{Name: "sql"}
	members := []Member{
		{Name: "ann", Profile: Profile{Bio: "gopher"}, Posts: []Post{{Title: "a1"}, {Title: "a2"}}, Tags: []Tag{go1, sql1}},
		{Name: "bob", Profile: Profile{Bio: "dba"}, Posts: []Post{{Title: "b1"}}},
		{Name: "cy"},
	}
	if err := db.Create(&members).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Model(&members[1]).Association("Tags").Append(&members[0].Tags[1]); err != nil {
		t.Fatal(err)
	}

	var joined []Member
	if err := db.Joins("Profile").Order("members.id").Find(&joined).Error; err != nil {
		t.Fatal(err)
	}
	if len(joined) != 3 || joined[0].Profile.Bio != "gopher" || joined[1].Profile.Bio != "dba" || joined[2].Profile.ID != 0 {
		t.Errorf("Joins(Profile): %+v", joined)
	}

	var loaded []Member
	if err := db.Preload("Posts").Preload("Tags").Order("id").Find(&loaded).Error; err != nil {
		t.Fatal(err)
	}
	if len(loaded) != 3 || len(loaded[0].Posts) != 2 || len(loaded[1].Posts) != 1 || len(loaded[2].Posts) != 0 {
		t.Errorf("Preload(Posts): %+v", loaded)
	}
	if len(loaded[0].Tags) != 2 || len(loaded[1].Tags) != 1 || loaded[1].Tags[0].Name != "sql" || len(loaded[2].Tags) != 0 {
		t.Errorf("Preload(Tags): %+v", loaded)
	}

	var writers []Member
	sub := db.Model(&Post{}).Select("member_id")
	if err := db.Where("id IN (?)", sub).Order("id").Find(&writers).Error; err != nil {
		t.Fatal(err)
	}
	if len(writers) != 2 || writers[0].Name != "ann" || writers[1].Name != "bob" {
		t.Errorf("Where IN subquery: %+v", writers)
	}

	var tagged []Member
	if err := db.Joins("JOIN member_tags ON member_tags.member_id = members.id").
		Joins("JOIN tags ON tags.id = member_tags.tag_id AND tags.name = ?", "sql").
		Order("members.id").Find(&tagged).Error; err != nil {
		t.Fatal(err)
	}
	if len(tagged) != 2 || tagged[0].Name != "ann" || tagged[1].Name != "bob" {
		t.Errorf("Joins with a condition: %+v", tagged)
	}
}
