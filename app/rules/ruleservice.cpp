#include "rules/ruleservice.h"

#include "api/ncmclient.h"
#include "core/logging.h"
#include "rules/auditlog.h"
#include "rules/rulevalidator.h"

#include <QJsonArray>
#include <QPointer>

using namespace Qt::Literals::StringLiterals;

namespace fw::rules {

namespace {

const QString s_endpoint = u"alert_rules"_s;

QString rulePath(const QString &id)
{
    return s_endpoint + u'/' + id;
}

bool changedSince(const AlertRule &base, const AlertRule &current)
{
    return current.updatedAt != base.updatedAt || !current.sameContent(base);
}

// What NCM stored differently from what was sent; lists compared as sets.
RuleDiff readBackDifference(AlertRule sent, const AlertRule &back)
{
    // Without an account in the draft NCM picks the owner: not a difference.
    if (sent.account.isEmpty())
        sent.account = back.account;
    if (back.sameContent(sent))
        return {};
    return diffRules(sent, back);
}

} // namespace

QString actionName(SavePlan::Kind kind)
{
    switch (kind) {
    case SavePlan::Kind::Create: return u"create rule"_s;
    case SavePlan::Kind::Update: return u"update rule"_s;
    case SavePlan::Kind::Delete: return u"delete rule"_s;
    }
    return {};
}

RuleService::RuleService(api::NcmClient *client, AuditLog *audit, const QString &who, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_audit(audit)
    , m_who(who)
{
    connect(m_client, &api::NcmClient::throttled, this, &RuleService::throttled);
}

RuleService::~RuleService() = default;

void RuleService::loadRules(QObject *context, RulesDone done)
{
    auto rules = std::make_shared<QList<AlertRule>>();
    m_client->list(
        s_endpoint, {}, context,
        [rules](const QJsonArray &records) {
            for (const QJsonValue &record : records) {
                QString error;
                std::optional<AlertRule> rule = AlertRule::fromJson(record.toObject(), &error);
                if (!rule)
                    return error;
                rules->append(*rule);
            }
            return QString();
        },
        [rules, done](const QString &error) { done(*rules, error); });
}

void RuleService::fetch(const QString &id, QObject *context,
                        std::function<void(const std::optional<AlertRule> &, const NcmError &)> done)
{
    m_client->get(rulePath(id), {}, context, [done](const api::ApiReply &reply) {
        NcmError error = explainReply(reply, u"the rule"_s);
        if (error.isError()) {
            done(std::nullopt, error);
            return;
        }
        QString parseError;
        const std::optional<AlertRule> rule = AlertRule::fromJson(reply.json.object(), &parseError);
        if (!rule)
            error.sentence = u"NCM answered with a rule Fleetwall cannot read (%1)"_s.arg(parseError);
        done(rule, error);
    });
}

void RuleService::prepareSave(const AlertRule &draft, const std::optional<AlertRule> &base, QObject *context,
                              PlanDone done)
{
    SavePlan plan;
    plan.kind = base && !base->id.isEmpty() ? SavePlan::Kind::Update : SavePlan::Kind::Create;
    plan.draft = draft;
    plan.base = base;
    plan.issues = validateRule(draft);
    if (!plan.issues.isEmpty() || plan.kind == SavePlan::Kind::Create) {
        plan.diff = diffRules(AlertRule{}, draft);
        done(plan);
        return;
    }

    plan.draft.id = base->id;
    fetch(base->id, context, [plan, done](const std::optional<AlertRule> &current, const NcmError &error) mutable {
        plan.error = error;
        plan.current = current;
        if (current) {
            plan.conflict = changedSince(*plan.base, *current);
            plan.conflictDiff = diffRules(*plan.base, *current);
            plan.diff = diffRules(*current, plan.draft);
        }
        done(plan);
    });
}

void RuleService::prepareDelete(const AlertRule &loaded, QObject *context, PlanDone done)
{
    SavePlan plan;
    plan.kind = SavePlan::Kind::Delete;
    plan.draft = loaded;
    plan.base = loaded;
    fetch(loaded.id, context, [plan, done](const std::optional<AlertRule> &current, const NcmError &error) mutable {
        plan.error = error;
        plan.current = current;
        if (current) {
            plan.conflict = changedSince(*plan.base, *current);
            plan.conflictDiff = diffRules(*plan.base, *current);
            plan.diff = diffRules(*current, AlertRule{});
        }
        done(plan);
    });
}

void RuleService::commit(const SavePlan &plan, QObject *context, WriteDone done)
{
    if (!plan.writable()) {
        WriteOutcome outcome;
        outcome.error.sentence = plan.error.isError() ? plan.error.sentence : describeIssues(plan.issues);
        done(outcome);
        return;
    }
    if (plan.kind == SavePlan::Kind::Create) {
        write(plan, context, std::move(done));
        return;
    }

    // The operator confirmed a diff against plan.current: refuse if NCM moved on since.
    fetch(plan.draft.id, context,
          [this, plan, context, done](const std::optional<AlertRule> &current, const NcmError &error) {
              WriteOutcome outcome;
              if (error.isError() || !current) {
                  outcome.error = error;
                  done(outcome);
                  return;
              }
              if (plan.current && changedSince(*plan.current, *current)) {
                  outcome.conflict = true;
                  outcome.error.sentence = u"The rule was changed in NCM after the comparison was shown; nothing was written. Review the new differences. Your edit is kept."_s;
                  done(outcome);
                  return;
              }
              write(plan, context, done);
          });
}

void RuleService::write(const SavePlan &plan, QObject *context, WriteDone done)
{
    QByteArray method = QByteArrayLiteral("POST");
    QString path = s_endpoint;
    if (plan.kind != SavePlan::Kind::Create) {
        method = plan.kind == SavePlan::Kind::Update ? QByteArrayLiteral("PUT") : QByteArrayLiteral("DELETE");
        path = rulePath(plan.draft.id);
    }
    // TODO: NcmClient also retries a POST after a 5xx, which could create the rule twice if
    // NCM stored it before failing; a create should be retried only after a lookup.
    const QJsonObject body = plan.kind == SavePlan::Kind::Delete ? QJsonObject{} : plan.draft.writableJson();
    QPointer<RuleService> self(this);
    m_client->send(method, path, body, context, [self, plan, method, path, context, done](const api::ApiReply &reply) {
        if (!self)
            return;
        if (!reply.ok()) {
            WriteOutcome outcome;
            outcome.error = explainReply(reply, u"the rule"_s);
            outcome.auditId = self->audit(plan, QString::fromLatin1(method), path + u'/', plan.draft.id, reply,
                                          u"failed"_s, &outcome.auditError);
            done(outcome);
            return;
        }
        if (plan.kind == SavePlan::Kind::Delete) {
            WriteOutcome outcome;
            outcome.ok = true;
            outcome.auditId = self->audit(plan, u"DELETE"_s, path + u'/', plan.draft.id, reply, u"ok"_s,
                                          &outcome.auditError);
            Q_EMIT self->rulesChanged();
            done(outcome);
            return;
        }
        self->readBack(plan, reply, context, done);
    });
}

void RuleService::readBack(const SavePlan &plan, const api::ApiReply &reply, QObject *context, WriteDone done)
{
    const QString method = plan.kind == SavePlan::Kind::Create ? u"POST"_s : u"PUT"_s;
    const QString endpoint = plan.kind == SavePlan::Kind::Create ? s_endpoint + u'/' : rulePath(plan.draft.id) + u'/';
    std::optional<AlertRule> answered = AlertRule::fromJson(reply.json.object());
    const QString id = answered && !answered->id.isEmpty() ? answered->id : plan.draft.id;

    QPointer<RuleService> self(this);
    fetch(id, context, [self, plan, reply, method, endpoint, id, done](const std::optional<AlertRule> &back,
                                                                   const NcmError &error) {
        if (!self)
            return;
        WriteOutcome outcome;
        outcome.ok = true;
        outcome.written = back;
        QString result = u"ok"_s;
        if (error.isError() || !back) {
            outcome.error.sentence = u"The rule was written but could not be read back: %1"_s.arg(error.sentence);
            result = u"written, read-back failed"_s;
        } else if (outcome.readBackDiff = readBackDifference(plan.draft, *back); !outcome.readBackDiff.isEmpty()) {
            result = u"read-back differs"_s;
        }
        SavePlan written = plan;
        if (back)
            written.draft = *back;
        outcome.auditId = self->audit(written, method, endpoint, id, reply, result, &outcome.auditError);
        Q_EMIT self->rulesChanged();
        done(outcome);
    });
}

qint64 RuleService::audit(const SavePlan &plan, const QString &method, const QString &endpoint, const QString &id,
                          const api::ApiReply &reply, const QString &outcome, QString *error)
{
    if (!m_audit)
        return 0;
    AuditEntry entry;
    entry.who = m_who;
    entry.action = actionName(plan.kind);
    entry.method = method;
    entry.endpoint = endpoint;
    entry.targetId = id;
    if (plan.current)
        entry.before = plan.current->toJson();
    if (plan.kind != SavePlan::Kind::Delete)
        entry.after = plan.draft.toJson();
    entry.status = reply.status;
    entry.message = reply.ok() ? reply.ncmMessage : reply.error;
    entry.outcome = outcome;
    return m_audit->record(entry, error);
}

} // namespace fw::rules
