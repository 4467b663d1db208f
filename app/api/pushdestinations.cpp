#include "api/pushdestinations.h"

#include "api/fleetrecords.h"
#include "api/ncmclient.h"

#include <QJsonArray>

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace fw::api {

namespace {

QStringList idList(const QJsonValue &value)
{
    QStringList ids;
    const QJsonArray array = value.toArray();
    for (const QJsonValue &item : array) {
        const QString id = referenceId(item);
        if (!id.isEmpty())
            ids.append(id);
    }
    return ids;
}

QJsonArray jsonArray(const QStringList &values)
{
    QJsonArray array;
    for (const QString &value : values)
        array.append(value);
    return array;
}

} // namespace

std::optional<DestinationInfo> parseDestination(const QJsonObject &record, QString *error)
{
    DestinationInfo info;
    info.id = referenceId(record.value("destination_config_id"_L1));
    if (info.id.isEmpty()) {
        if (error)
            *error = u"A push destination from NCM has no destination_config_id."_s;
        return std::nullopt;
    }
    info.name = record.value("name"_L1).toString();
    info.url = record.value("endpoint"_L1).toObject().value("url"_L1).toString();
    info.enabled = record.value("enabled"_L1).toBool(true);
    info.suspended = record.value("suspended"_L1).toBool(false);
    info.lastErrorAt = parseNcmTime(record.value("last_error_at"_L1).toString());
    info.lastErrorText = record.value("last_error_text"_L1).toString();
    info.updatedAt = parseNcmTime(record.value("updated_at"_L1).toString());
    return info;
}

std::optional<RuleInfo> parseRule(const QJsonObject &record, QString *error)
{
    RuleInfo rule;
    rule.id = referenceId(record.value("alert_config_id"_L1));
    if (rule.id.isEmpty()) {
        if (error)
            *error = u"An alert rule from NCM has no alert_config_id."_s;
        return std::nullopt;
    }
    rule.accountIds = idList(record.value("associated_accounts"_L1));
    rule.groupIds = idList(record.value("associated_groups"_L1));
    const QJsonArray types = record.value("filter_criteria"_L1).toObject().value("alert_type__in"_L1).toArray();
    for (const QJsonValue &type : types)
        rule.alertTypes.append(type.toString());
    rule.httpDestinations = idList(record.value("http_destinations"_L1));
    return rule;
}

PushDestinations::PushDestinations(NcmClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
}

PushDestinations::~PushDestinations() = default;

void PushDestinations::check(const QString &destinationId, QObject *context, Done<DestinationInfo> done)
{
    m_client->get(u"alert_push_destinations/"_s + destinationId, {}, context, [done, destinationId](const ApiReply &reply) {
        if (!reply.ok()) {
            done(std::nullopt, reply.status == 404
                     ? u"NCM has no push destination %1 any more."_s.arg(destinationId)
                     : reply.error);
            return;
        }
        QString error;
        auto info = parseDestination(reply.json.object(), &error);
        done(info, error);
    });
}

void PushDestinations::create(const QString &name, const QUrl &url, const QByteArray &secret,
                              QObject *context, Done<DestinationInfo> done)
{
    const QJsonObject body{
        {u"name"_s, name},
        {u"endpoint"_s, QJsonObject{{u"url"_s, url.toString()}}},
        {u"authentication"_s, QJsonObject{{u"secret"_s, QString::fromLatin1(secret)}}},
    };
    m_client->send("POST", u"alert_push_destinations"_s, body, context, [done](const ApiReply &reply) {
        if (!reply.ok()) {
            done(std::nullopt, reply.error);
            return;
        }
        // Some answers wrap the record in "data".
        QJsonObject record = reply.json.object();
        if (record.value("data"_L1).isObject())
            record = record.value("data"_L1).toObject();
        QString error;
        auto info = parseDestination(record, &error);
        done(info, error);
    });
}

void PushDestinations::remove(const QString &destinationId, QObject *context, Finished done)
{
    m_client->send("DELETE", u"alert_push_destinations/"_s + destinationId, {}, context,
                   [done](const ApiReply &reply) { done(reply.error); });
}

void PushDestinations::unsuspend(const QString &destinationId, QObject *context, Finished done)
{
    m_client->send("PATCH", u"alert_push_destinations/"_s + destinationId, QJsonObject{{u"suspended"_s, false}},
                   context, [done](const ApiReply &reply) { done(reply.error); });
}

void PushDestinations::test(const QString &destinationId, QObject *context, Finished done)
{
    m_client->send("POST", u"test_alert_push_destinations"_s, QJsonObject{{u"destination_config_id"_s, destinationId}},
                   context, [done](const ApiReply &reply) {
                       // A body is optional; when it says success=false, believe it.
                       const QJsonObject object = reply.json.object();
                       if (reply.ok() && object.value("success"_L1) == QJsonValue(false)) {
                           const QString details = object.value("details"_L1).toString();
                           done(u"NCM could not send the test push%1."_s.arg(details.isEmpty() ? QString() : u": "_s + details));
                           return;
                       }
                       // The answer may be empty or not JSON at all: any 2xx is accepted.
                       done(reply.status >= 200 && reply.status < 300 ? QString() : reply.error);
                   });
}

void PushDestinations::writeRule(const RuleSpec &spec, const QString &destinationId, QObject *context,
                                 Done<RuleInfo> done)
{
    auto rules = std::make_shared<QList<RuleInfo>>();
    const auto page = [rules](const QJsonArray &records) -> QString {
        for (const QJsonValue &value : records) {
            QString error;
            auto rule = parseRule(value.toObject(), &error);
            if (!rule)
                return error;
            rules->append(*rule);
        }
        return {};
    };
    QPointer<QObject> guard(context);
    m_client->list(u"alert_rules"_s, {}, context, page, [this, spec, destinationId, guard, done, rules](const QString &error) {
        if (!error.isEmpty() || !guard) {
            done(std::nullopt, error);
            return;
        }
        const auto existing = std::find_if(rules->cbegin(), rules->cend(), [&destinationId](const RuleInfo &rule) {
            return rule.httpDestinations.contains(destinationId);
        });
        const bool update = existing != rules->cend();
        const QJsonObject body = ruleBody(spec, destinationId, update ? &*existing : nullptr);
        const QByteArray method = update ? QByteArrayLiteral("PATCH") : QByteArrayLiteral("POST");
        const QString path = update ? u"alert_rules/"_s + existing->id : u"alert_rules"_s;
        m_client->send(method, path, body, guard, [done](const ApiReply &reply) {
            if (!reply.ok()) {
                done(std::nullopt, reply.error);
                return;
            }
            QString parseError;
            auto rule = parseRule(reply.json.object(), &parseError);
            done(rule, parseError);
        });
    });
}

QJsonObject PushDestinations::ruleBody(const RuleSpec &spec, const QString &destinationId,
                                       const RuleInfo *existing) const
{
    QStringList destinations = existing ? existing->httpDestinations : QStringList();
    if (!destinations.contains(destinationId))
        destinations.append(destinationId);

    QJsonObject body{
        {u"associated_accounts"_s, jsonArray(spec.accountIds)},
        {u"associated_groups"_s, jsonArray(spec.groupIds)},
        {u"filter_criteria"_s, QJsonObject{{u"alert_type__in"_s, jsonArray(spec.alertTypes)}}},
        {u"http_destinations"_s, jsonArray(destinations)},
    };
    if (!existing && !spec.accountId.isEmpty())
        body.insert(u"account"_s, m_client->endpointUrl(u"accounts/"_s + spec.accountId).toString());
    return body;
}

} // namespace fw::api
