#pragma once

#include "rules/alertrule.h"
#include "store/event.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

#include <functional>

class QObject;

namespace fw::rules {

struct RouterFiring
{
    QString routerId;
    QString routerName;
    int count = 0;
    QDateTime last;
};

// How often a rule would have fired over a window, from the events Fleetwall stored.
struct DryRunResult
{
    QDateTime from;
    QDateTime to;
    int total = 0;                 // events the rule matches
    int outsideScope = 0;          // events of the rule's types outside its scope
    int scopeUnknown = 0;          // matched by type; the router's group is not synced
    QList<RouterFiring> routers;   // most firings first
    QString error;

    // "Would have fired 12 times on 3 routers in the last 7 days."
    QString sentence() const;
};

// Where routers belong, from synced data: router id -> group id and account id.
struct ScopeBook
{
    QHash<QString, QString> routerGroup;
    QHash<QString, QString> routerAccount;
};

// Counts the events of the rule's types in [from, to) inside the rule's scope. An event
// whose router has no known group or account while the scope needs it is counted as
// matching (NCM would know), and in scopeUnknown.
DryRunResult dryRun(const AlertRule &rule, const QList<store::Event> &events, const ScopeBook &scope,
                    const QDateTime &from, const QDateTime &to);

// The seam to the event store: events of these types with detected_at in [from, to).
// The lead wires it to SqliteEventStore::query (EventQuery{types, from, to}).
using EventsDone = std::function<void(const QList<store::Event> &events, const QString &error)>;
using EventSource = std::function<void(const QStringList &types, const QDateTime &from, const QDateTime &to,
                                       QObject *context, EventsDone done)>;

} // namespace fw::rules
