// AlertEngine: the writable configuration, alert_push_destinations/ and alert_rules/.
#include "sandbox/alertengine.h"

#include "sandbox/fleetresources.h"
#include "sandbox/listquery.h"
#include "sandbox/ncmformat.h"
#include "sandbox/simclock.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QUrl>

using namespace Qt::Literals::StringLiterals;

namespace fw::sandbox {

namespace {

void addError(FieldErrors *errors, const QString &field, const QString &message)
{
    (*errors)[field].append(message);
}

QJsonValue nullableTime(qint64 us)
{
    return us > 0 ? QJsonValue(isoTime(us)) : QJsonValue(QJsonValue::Null);
}

std::optional<QString> idOf(const QJsonValue &value)
{
    if (value.isString() && !value.toString().isEmpty())
        return referenceId(value.toString());
    if (value.isDouble() && value.toDouble() >= 0)
        return QString::number(qint64(value.toDouble()));
    return std::nullopt;
}

QJsonObject overlay(QJsonObject base, const QJsonObject &patch)
{
    for (auto it = patch.begin(); it != patch.end(); ++it)
        base.insert(it.key(), it.value());
    return base;
}

bool validPushUrl(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    return url.isValid() && !url.host().isEmpty()
        && (url.scheme() == u"http"_s || url.scheme() == u"https"_s);
}

} // namespace

// ---- destinations

QJsonObject AlertEngine::toJson(const PushDestination &d) const
{
    return {{u"destination_config_id"_s, d.id},
            {u"name"_s, d.name},
            {u"endpoint"_s, QJsonObject{{u"url"_s, d.url}}},
            {u"authentication"_s, QJsonObject{{u"secret"_s, u"*"_s}}},
            {u"enabled"_s, d.enabled},
            {u"suspended"_s, d.suspended},
            {u"last_error_at"_s, nullableTime(d.lastErrorAtUs)},
            {u"last_error_text"_s, d.lastErrorText.isEmpty() ? QJsonValue(QJsonValue::Null)
                                                             : QJsonValue(d.lastErrorText)},
            {u"account"_s, m_resources.url(u"accounts", d.account)},
            {u"created_at"_s, isoTime(d.createdUs)},
            {u"updated_at"_s, isoTime(d.updatedUs)},
            {u"resource_url"_s, m_resources.url(u"alert_push_destinations", d.id)}};
}

QList<QJsonObject> AlertEngine::destinations() const
{
    QList<QJsonObject> list;
    for (const auto &destination : m_destinations)
        list.append(toJson(*destination));
    return list;
}

std::optional<QJsonObject> AlertEngine::destination(const QString &id) const
{
    for (const auto &destination : m_destinations) {
        if (destination->id == id)
            return toJson(*destination);
    }
    return std::nullopt;
}

namespace {

// Checks a full destination body (after a PATCH overlay) into `into`; secret may be kept.
bool readDestination(const QJsonObject &body, PushDestination *into, bool secretRequired,
                     FieldErrors *errors)
{
    const QJsonValue name = body.value(u"name"_s);
    if (!name.isString() || name.toString().trimmed().isEmpty())
        addError(errors, u"name"_s, u"This field is required."_s);
    else if (name.toString().size() > 255)
        addError(errors, u"name"_s, u"Ensure this field has no more than 255 characters."_s);

    const QString url = body.value(u"endpoint"_s).toObject().value(u"url"_s).toString();
    if (!body.value(u"endpoint"_s).isObject() || url.isEmpty())
        addError(errors, u"endpoint"_s, u"An object with a url is required."_s);
    else if (!validPushUrl(url))
        addError(errors, u"endpoint"_s, u"Enter a valid http or https URL."_s);

    const QJsonValue auth = body.value(u"authentication"_s);
    const QJsonValue secret = auth.toObject().value(u"secret"_s);
    const bool keepSecret = secret.isUndefined() || secret.toString() == u"*"_s;
    if (!auth.isUndefined() && !auth.isObject())
        addError(errors, u"authentication"_s, u"An object with a secret is required."_s);
    else if (!keepSecret && (!secret.isString() || secret.toString().isEmpty()))
        addError(errors, u"authentication"_s, u"The secret must be a non-empty string."_s);
    else if (keepSecret && secretRequired)
        addError(errors, u"authentication"_s, u"A secret is required."_s);

    for (const QString &key : {u"enabled"_s, u"suspended"_s}) {
        if (body.contains(key) && !body.value(key).isBool())
            addError(errors, key, u"Must be a boolean."_s);
    }
    if (!errors->isEmpty())
        return false;

    into->name = name.toString().trimmed();
    into->url = url;
    if (!keepSecret)
        into->secret = secret.toString().toUtf8();
    into->enabled = body.value(u"enabled"_s).toBool(into->enabled);
    return true;
}

} // namespace

std::optional<QJsonObject> AlertEngine::createDestination(const QJsonObject &body, FieldErrors *errors)
{
    auto destination = std::make_unique<PushDestination>();
    if (!readDestination(body, destination.get(), true, errors))
        return std::nullopt;
    destination->id = newId();
    destination->account = m_fleet.accounts().front().id;
    destination->createdUs = destination->updatedUs = m_clock.nowUs();
    m_destinations.push_back(std::move(destination));
    return toJson(*m_destinations.back());
}

std::optional<QJsonObject> AlertEngine::updateDestination(const QString &id, const QJsonObject &body,
                                                          bool partial, FieldErrors *errors)
{
    PushDestination *destination = findDestination(id);
    if (!destination)
        return std::nullopt;
    const QJsonObject current{{u"name"_s, destination->name},
                              {u"endpoint"_s, QJsonObject{{u"url"_s, destination->url}}},
                              {u"enabled"_s, destination->enabled}};
    const QJsonObject full = partial ? overlay(current, body) : body;

    PushDestination checked = {};
    checked.enabled = destination->enabled;
    checked.secret = destination->secret;
    if (!readDestination(full, &checked, false, errors))
        return std::nullopt;

    destination->name = checked.name;
    destination->url = checked.url;
    destination->secret = checked.secret;
    destination->enabled = checked.enabled;
    if (full.value(u"suspended"_s).isBool()) {
        const bool suspend = full.value(u"suspended"_s).toBool();
        if (destination->suspended && !suspend) {
            destination->failures = 0;
            destination->nextAttemptUs = 0;
        }
        destination->suspended = suspend;
        if (suspend)
            destination->queue.clear();
    }
    destination->updatedUs = m_clock.nowUs();
    return toJson(*destination);
}

bool AlertEngine::removeDestination(const QString &id)
{
    const auto it = std::find_if(m_destinations.begin(), m_destinations.end(),
                                 [&id](const auto &d) { return d->id == id; });
    if (it == m_destinations.end())
        return false;
    if ((*it)->inFlight) {
        (*it)->inFlight->disconnect(this);
        (*it)->inFlight->abort();
        (*it)->inFlight->deleteLater();
    }
    m_destinations.erase(it);
    for (AlertRule &rule : m_rules)
        rule.httpDestinations.removeAll(id);
    return true;
}

bool AlertEngine::sendTestPush(const QString &id)
{
    PushDestination *destination = findDestination(id);
    if (!destination)
        return false;

    // A test goes out once, also to a suspended destination: that is how one checks it
    // before un-suspending.
    const qint64 now = m_clock.nowUs();
    const QJsonObject alert{
        {u"type"_s, u"webhook_test"_s},
        {u"detected_at"_s, isoTime(now)},
        {u"created_at"_s, isoTime(now)},
        {u"created_at_timeuuid"_s, newId()},
        {u"router"_s, QJsonValue::Null},
        {u"account"_s, m_resources.url(u"accounts", destination->account)},
        {u"friendly_info"_s, QString(u"Test alert for destination "_s % destination->name % u"."_s)},
        {u"info"_s, QJsonObject{{u"destination_config_id"_s, id},
                                {u"message"_s, u"This is a test alert from NetCloud Manager."_s}}}};
    send(*destination, QJsonDocument(QJsonObject{{u"data"_s, QJsonArray{alert}}}).toJson(QJsonDocument::Compact),
         true);
    return true;
}

// ---- rules

QJsonObject AlertEngine::ruleInput(const AlertRule &rule) const
{
    return {{u"account"_s, rule.account},
            {u"associated_accounts"_s, QJsonArray::fromStringList(rule.accounts)},
            {u"associated_groups"_s, QJsonArray::fromStringList(rule.groups)},
            {u"filter_criteria"_s, QJsonObject{{u"alert_type__in"_s, QJsonArray::fromStringList(rule.types)}}},
            {u"http_destinations"_s, QJsonArray::fromStringList(rule.httpDestinations)},
            {u"email_destinations"_s, QJsonArray::fromStringList(rule.emailDestinations)},
            {u"schedule"_s, rule.schedule},
            {u"settings"_s, rule.settings}};
}

QJsonObject AlertEngine::toJson(const AlertRule &rule) const
{
    QJsonObject json = ruleInput(rule);
    json.insert(u"alert_config_id"_s, rule.id);
    json.insert(u"account"_s, m_resources.url(u"accounts", rule.account));
    json.insert(u"created_at"_s, isoTime(rule.createdUs));
    json.insert(u"updated_at"_s, isoTime(rule.updatedUs));
    json.insert(u"resource_url"_s, m_resources.url(u"alert_rules", rule.id));
    return json;
}

QList<QJsonObject> AlertEngine::rules() const
{
    QList<QJsonObject> list;
    for (const AlertRule &rule : m_rules)
        list.append(toJson(rule));
    return list;
}

std::optional<QJsonObject> AlertEngine::rule(const QString &id) const
{
    for (const AlertRule &rule : m_rules) {
        if (rule.id == id)
            return toJson(rule);
    }
    return std::nullopt;
}

QStringList AlertEngine::validateIds(const QJsonValue &value, const QString &field, FieldErrors *errors,
                                     const std::function<bool(const QString &)> &exists) const
{
    QStringList ids;
    if (value.isUndefined() || value.isNull())
        return ids;
    if (!value.isArray()) {
        addError(errors, field, u"Expected a list of ids."_s);
        return ids;
    }
    const QJsonArray array = value.toArray();
    for (const QJsonValue &item : array) {
        const std::optional<QString> id = idOf(item);
        if (!id)
            addError(errors, field, u"Every entry must be an id."_s);
        else if (exists && !exists(*id))
            addError(errors, field, u"Unknown id \"%1\"."_s.arg(*id));
        else if (!ids.contains(*id))
            ids.append(*id);
    }
    return ids;
}

std::optional<AlertRule> AlertEngine::validateRule(const QJsonObject &body, FieldErrors *errors) const
{
    AlertRule rule;
    const QJsonValue criteria = body.value(u"filter_criteria"_s);
    const QJsonValue types = criteria.toObject().value(u"alert_type__in"_s);
    if (!criteria.isObject())
        addError(errors, u"filter_criteria"_s, u"This field is required and must be an object."_s);
    else if (!types.isArray() || types.toArray().isEmpty())
        addError(errors, u"filter_criteria"_s, u"alert_type__in must be a non-empty list of alert types."_s);
    for (const QJsonValue &type : types.toArray()) {
        if (!type.isString() || type.toString().isEmpty())
            addError(errors, u"filter_criteria"_s, u"Every alert type must be a non-empty string."_s);
        else if (!rule.types.contains(type.toString()))
            rule.types.append(type.toString());
    }

    const auto accountExists = [this](const QString &id) { return m_fleet.accountIndex(id) >= 0; };
    rule.accounts = validateIds(body.value(u"associated_accounts"_s), u"associated_accounts"_s, errors, accountExists);
    rule.groups = validateIds(body.value(u"associated_groups"_s), u"associated_groups"_s, errors,
                              [this](const QString &id) { return m_fleet.groupIndex(id) >= 0; });
    rule.httpDestinations = validateIds(body.value(u"http_destinations"_s), u"http_destinations"_s, errors,
                                        [this](const QString &id) {
                                            return const_cast<AlertEngine *>(this)->findDestination(id) != nullptr;
                                        });
    rule.emailDestinations = validateIds(body.value(u"email_destinations"_s), u"email_destinations"_s, errors, {});

    const QJsonValue account = body.value(u"account"_s);
    rule.account = idOf(account).value_or(m_fleet.accounts().front().id);
    if (!account.isUndefined() && !account.isNull() && !accountExists(rule.account))
        addError(errors, u"account"_s, u"Unknown account."_s);

    rule.schedule = body.value(u"schedule"_s).isUndefined() ? QJsonValue(QJsonValue::Null) : body.value(u"schedule"_s);
    if (!rule.schedule.isNull() && !rule.schedule.isObject())
        addError(errors, u"schedule"_s, u"Must be an object or null."_s);
    const QJsonValue settings = body.value(u"settings"_s);
    if (!settings.isUndefined() && !settings.isNull() && !settings.isObject())
        addError(errors, u"settings"_s, u"Must be an object."_s);
    rule.settings = settings.toObject();

    if (!errors->isEmpty())
        return std::nullopt;
    return rule;
}

std::optional<QJsonObject> AlertEngine::createRule(const QJsonObject &body, FieldErrors *errors)
{
    std::optional<AlertRule> rule = validateRule(body, errors);
    if (!rule)
        return std::nullopt;
    rule->id = newId();
    rule->createdUs = rule->updatedUs = m_clock.nowUs();
    m_rules.append(*rule);
    return toJson(*rule);
}

std::optional<QJsonObject> AlertEngine::updateRule(const QString &id, const QJsonObject &body,
                                                   bool partial, FieldErrors *errors)
{
    for (AlertRule &existing : m_rules) {
        if (existing.id != id)
            continue;
        std::optional<AlertRule> rule = validateRule(partial ? overlay(ruleInput(existing), body) : body, errors);
        if (!rule)
            return std::nullopt;
        rule->id = existing.id;
        rule->createdUs = existing.createdUs;
        rule->updatedUs = m_clock.nowUs();
        existing = *rule;
        return toJson(existing);
    }
    return std::nullopt;
}

bool AlertEngine::removeRule(const QString &id)
{
    return m_rules.removeIf([&id](const AlertRule &rule) { return rule.id == id; }) > 0;
}

} // namespace fw::sandbox
