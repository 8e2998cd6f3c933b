// Package report builds the tables of the annual performance report (LKjIP)
// of an org unit and a year from the stored lines, through the application
// layer (internal/app): the performance agreement, achievement, history,
// Renstra progress, efficiency, program indicators, budget and narrative.
// GraphQL returns the Report as it is; the workbook and CSV exports write
// its Tables, so the three can never disagree.
package report
