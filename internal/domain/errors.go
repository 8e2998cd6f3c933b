package domain

import "fmt"

// InputError is bad input: a value the rules refuse. Field names the input
// field at fault; Message says what to do about it. The API reports it as
// BAD_USER_INPUT.
type InputError struct {
	Field   string
	Message string
}

// Error implements error.
func (e *InputError) Error() string {
	if e.Field == "" {
		return e.Message
	}
	return fmt.Sprintf("%s: %s", e.Field, e.Message)
}

// Invalid returns an *InputError for field.
func Invalid(field, message string) error {
	return &InputError{Field: field, Message: message}
}
