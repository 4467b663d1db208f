#pragma once

#include "rules/alertrule.h"
#include "rules/ncmerror.h"
#include "rules/rulediff.h"

#include <QObject>

#include <functional>
#include <optional>

namespace fw::api {
class NcmClient;
struct ApiReply;
}

namespace fw::rules {

class AuditLog;

// What a write would do, prepared before the operator confirms it.
struct SavePlan
{
    enum class Kind { Create, Update, Delete };

    Kind kind = Kind::Create;
    AlertRule draft;                  // what will be written (the loaded rule for a delete)
    std::optional<AlertRule> base;    // the version the operator loaded
    std::optional<AlertRule> current; // the version in NCM now; nullopt for a create
    RuleDiff diff;                    // current (or nothing) -> draft; for a delete, current -> nothing
    bool conflict = false;            // NCM's version changed since it was loaded
    RuleDiff conflictDiff;            // base -> current: what someone else changed
    FieldIssues issues;               // local validation; a plan with issues is not writable
    NcmError error;                   // reading the current version failed

    bool writable() const { return issues.isEmpty() && !error.isError(); }
};

struct WriteOutcome
{
    bool ok = false;
    NcmError error;
    std::optional<AlertRule> written; // as read back from NCM
    RuleDiff readBackDiff;            // sent -> read back; empty when NCM stored what was sent
    bool conflict = false;            // NCM changed again between prepare and write: nothing written
    qint64 auditId = 0;
    QString auditError;
};

// The safe write path for alert_rules/: validate, read NCM's current version and diff,
// (operator confirms), re-check for a conflict, write, read back and compare, audit.
// Every NCM call goes through NcmClient, which retries throttled calls.
class RuleService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RuleService)

public:
    using RulesDone = std::function<void(const QList<AlertRule> &rules, const QString &error)>;
    using PlanDone = std::function<void(const SavePlan &plan)>;
    using WriteDone = std::function<void(const WriteOutcome &outcome)>;

    // audit may be null (no log kept); who names the operator in audit entries.
    RuleService(api::NcmClient *client, AuditLog *audit, const QString &who, QObject *parent = nullptr);
    ~RuleService() override;

    void loadRules(QObject *context, RulesDone done);

    // base: the rule as loaded (nullopt for a new one). Validation happens first; NCM is
    // read only for a valid update.
    void prepareSave(const AlertRule &draft, const std::optional<AlertRule> &base, QObject *context, PlanDone done);
    void prepareDelete(const AlertRule &loaded, QObject *context, PlanDone done);
    // Writes a plan the operator confirmed.
    void commit(const SavePlan &plan, QObject *context, WriteDone done);

Q_SIGNALS:
    void rulesChanged();
    // NCM throttled a call; the client retries after delayMs (simulated ms).
    void throttled(int status, qint64 delayMs);

private:
    void fetch(const QString &id, QObject *context,
               std::function<void(const std::optional<AlertRule> &, const NcmError &)> done);
    void write(const SavePlan &plan, QObject *context, WriteDone done);
    void readBack(const SavePlan &plan, const api::ApiReply &reply, QObject *context, WriteDone done);
    qint64 audit(const SavePlan &plan, const QString &method, const QString &endpoint, const QString &id,
                 const api::ApiReply &reply, const QString &outcome, QString *error);

    api::NcmClient *m_client;
    AuditLog *m_audit;
    QString m_who;
};

// "create rule", "update rule", "delete rule".
QString actionName(SavePlan::Kind kind);

} // namespace fw::rules
