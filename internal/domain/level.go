package domain

import "io"

// Level is the plan element an indicator measures.
type Level string

// The levels of the plan, from the top.
const (
	LevelGoal        Level = "GOAL"
	LevelSasaran     Level = "SASARAN"
	LevelProgram     Level = "PROGRAM"
	LevelActivity    Level = "ACTIVITY"
	LevelSubActivity Level = "SUB_ACTIVITY"
)

// Levels lists every level from the top of the plan down.
var Levels = []Level{LevelGoal, LevelSasaran, LevelProgram, LevelActivity, LevelSubActivity}

// Valid reports whether l is a known level.
func (l Level) Valid() bool {
	for _, k := range Levels {
		if l == k {
			return true
		}
	}
	return false
}

// MarshalGQL writes l as a GraphQL enum value.
func (l Level) MarshalGQL(w io.Writer) { writeEnum(w, string(l)) }

// UnmarshalGQL reads l from a GraphQL enum value.
func (l *Level) UnmarshalGQL(v any) (err error) {
	*l, err = parseEnum[Level](v, "IndicatorLevel")
	return err
}
