#pragma once

#include "rules/alertrule.h"
#include "rules/ruleissue.h"

namespace fw::rules {

// Checks a rule before it is written: a scope (an account or a group: NCM ignores a rule
// without one), at least one alert type, at least one destination, and settings as an
// object whose keys are the rule's types, each holding an object. Empty when writable.
FieldIssues validateRule(const AlertRule &rule);

// One sentence listing every issue, for a status line.
QString describeIssues(const FieldIssues &issues);

} // namespace fw::rules
