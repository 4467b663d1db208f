#pragma once

#include "rules/dryrun.h"
#include "rules/rulesummary.h"

#include <QStringList>

namespace fw::ui {

// What the rule editor knows from synced data and the store, handed in by the main window.
struct RulesEditorContext
{
    rules::NameBook names;        // group, account and destination names for pickers and summaries
    rules::ScopeBook scope;       // router -> group/account, for the dry run
    rules::EventSource events;    // the store's events by type and time (dry run); may be empty
    QStringList learntTypes;      // identifiers seen in alert history, added to the type picker
    QString operatorName;         // shown in the audit log
};

} // namespace fw::ui
