#include "rules/alertrule.h"

#include "ncm/alertparser.h"

#include <QJsonArray>

using namespace Qt::Literals::StringLiterals;

namespace fw::rules {

namespace {

const QStringList &knownFields()
{
    static const QStringList fields{u"alert_config_id"_s,    u"account"_s,
                                    u"associated_accounts"_s, u"associated_groups"_s,
                                    u"filter_criteria"_s,     u"http_destinations"_s,
                                    u"email_destinations"_s,  u"schedule"_s,
                                    u"settings"_s,            u"updated_at"_s};
    return fields;
}

// A list of ids or URLs (NCM writes either) as ids; false when an entry is neither.
bool readIdList(const QJsonValue &value, QStringList *ids)
{
    if (value.isUndefined() || value.isNull())
        return true;
    if (!value.isArray())
        return false;
    const QJsonArray array = value.toArray();
    for (const QJsonValue &item : array) {
        const QString id = item.isDouble() ? QString::number(item.toInteger()) : ncm::idFromReference(item);
        if (id.isEmpty())
            return false;
        ids->append(id);
    }
    return true;
}

bool readStringList(const QJsonValue &value, QStringList *strings)
{
    if (value.isUndefined() || value.isNull())
        return true;
    if (!value.isArray())
        return false;
    const QJsonArray array = value.toArray();
    for (const QJsonValue &item : array) {
        if (!item.isString())
            return false;
        strings->append(item.toString());
    }
    return true;
}

QString failure(QString *error, const QString &sentence)
{
    if (error)
        *error = sentence;
    return sentence;
}

} // namespace

const QStringList &readOnlyRuleFields()
{
    static const QStringList fields{u"alert_config_id"_s, u"updated_at"_s, u"created_at"_s,
                                    u"resource_url"_s, u"id"_s};
    return fields;
}

std::optional<AlertRule> AlertRule::fromJson(const QJsonObject &json, QString *error)
{
    AlertRule rule;
    rule.id = ncm::idFromReference(json.value("alert_config_id"_L1));
    rule.account = ncm::idFromReference(json.value("account"_L1));
    rule.updatedAt = json.value("updated_at"_L1).toString();

    const QJsonValue criteria = json.value("filter_criteria"_L1);
    if (!criteria.isUndefined() && !criteria.isNull() && !criteria.isObject()) {
        failure(error, u"The rule's filter_criteria is not an object."_s);
        return std::nullopt;
    }
    rule.filterExtra = criteria.toObject();
    rule.filterExtra.remove("alert_type__in"_L1);

    const std::pair<const char *, bool> lists[] = {
        {"associated_accounts", readIdList(json.value("associated_accounts"_L1), &rule.associatedAccounts)},
        {"associated_groups", readIdList(json.value("associated_groups"_L1), &rule.associatedGroups)},
        {"filter_criteria.alert_type__in",
         readStringList(criteria.toObject().value("alert_type__in"_L1), &rule.types)},
        {"http_destinations", readIdList(json.value("http_destinations"_L1), &rule.httpDestinations)},
        {"email_destinations", readIdList(json.value("email_destinations"_L1), &rule.emailDestinations)},
    };
    for (const auto &[field, ok] : lists) {
        if (!ok) {
            failure(error, u"The rule's %1 is not a list of identifiers."_s.arg(QLatin1StringView(field)));
            return std::nullopt;
        }
    }

    rule.schedule = json.contains("schedule"_L1) ? json.value("schedule"_L1) : QJsonValue(QJsonValue::Null);
    rule.settings = json.contains("settings"_L1) ? json.value("settings"_L1) : QJsonValue(QJsonObject{});
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (!knownFields().contains(it.key()))
            rule.extra.insert(it.key(), it.value());
    }
    return rule;
}

QJsonObject AlertRule::writableJson() const
{
    QJsonObject json = extra;
    for (const QString &field : readOnlyRuleFields())
        json.remove(field);

    QJsonObject criteria = filterExtra;
    criteria.insert("alert_type__in"_L1, QJsonArray::fromStringList(types));
    if (!account.isEmpty())
        json.insert("account"_L1, account);
    json.insert("associated_accounts"_L1, QJsonArray::fromStringList(associatedAccounts));
    json.insert("associated_groups"_L1, QJsonArray::fromStringList(associatedGroups));
    json.insert("filter_criteria"_L1, criteria);
    json.insert("http_destinations"_L1, QJsonArray::fromStringList(httpDestinations));
    json.insert("email_destinations"_L1, QJsonArray::fromStringList(emailDestinations));
    json.insert("schedule"_L1, schedule.isUndefined() ? QJsonValue(QJsonValue::Null) : schedule);
    json.insert("settings"_L1, settings.isUndefined() ? QJsonValue(QJsonObject{}) : settings);
    return json;
}

QJsonObject AlertRule::toJson() const
{
    QJsonObject json = writableJson();
    for (auto it = extra.begin(); it != extra.end(); ++it)
        json.insert(it.key(), it.value());
    if (!id.isEmpty())
        json.insert("alert_config_id"_L1, id);
    if (!updatedAt.isEmpty())
        json.insert("updated_at"_L1, updatedAt);
    return json;
}

AlertRule AlertRule::normalised() const
{
    AlertRule copy = *this;
    for (QStringList *list : {&copy.associatedAccounts, &copy.associatedGroups, &copy.types,
                              &copy.httpDestinations, &copy.emailDestinations}) {
        list->sort();
        list->removeDuplicates();
    }
    return copy;
}

bool AlertRule::sameContent(const AlertRule &other) const
{
    // NCM may return lists in another order; the order carries no meaning.
    return normalised().writableJson() == other.normalised().writableJson();
}

} // namespace fw::rules
