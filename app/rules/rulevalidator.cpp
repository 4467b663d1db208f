#include "rules/rulevalidator.h"

#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::Literals::StringLiterals;

namespace fw::rules {

namespace {

void checkScope(const AlertRule &rule, FieldIssues *issues)
{
    if (rule.associatedAccounts.isEmpty() && rule.associatedGroups.isEmpty())
        issues->append({Field::Scope, u"Choose at least one account or group: NCM applies a rule only to its scope."_s});
    for (const QString &id : rule.associatedAccounts + rule.associatedGroups) {
        if (id.trimmed().isEmpty()) {
            issues->append({Field::Scope, u"The scope contains an empty identifier."_s});
            return;
        }
    }
}

void checkTypes(const AlertRule &rule, FieldIssues *issues)
{
    if (rule.types.isEmpty()) {
        issues->append({Field::Types, u"Choose at least one alert type."_s});
        return;
    }
    static const QRegularExpression identifier(u"^[A-Za-z0-9_.:-]+$"_s);
    for (const QString &type : rule.types) {
        if (!identifier.match(type).hasMatch()) {
            issues->append({Field::Types, u"\"%1\" is not an alert type identifier."_s.arg(type)});
            return;
        }
    }
}

void checkDestinations(const AlertRule &rule, FieldIssues *issues)
{
    if (rule.httpDestinations.isEmpty() && rule.emailDestinations.isEmpty())
        issues->append({Field::Destinations, u"Choose at least one webhook destination or e-mail recipient."_s});

    static const QRegularExpression email(u"^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"_s);
    for (const QString &recipient : rule.emailDestinations) {
        const bool looksLikeAddress = recipient.contains(u'@');
        if (recipient.trimmed().isEmpty() || (looksLikeAddress && !email.match(recipient).hasMatch())) {
            issues->append({Field::EmailDestinations, u"\"%1\" is not an e-mail address."_s.arg(recipient)});
            return;
        }
    }
}

void checkSettings(const AlertRule &rule, FieldIssues *issues)
{
    if (rule.settings.isNull() || rule.settings.isUndefined())
        return;
    if (!rule.settings.isObject()) {
        issues->append({Field::Settings, u"The settings must be a JSON object keyed by alert type."_s});
        return;
    }
    const QJsonObject settings = rule.settings.toObject();
    for (auto it = settings.begin(); it != settings.end(); ++it) {
        if (!rule.types.contains(it.key())) {
            issues->append({Field::Settings, u"The settings name \"%1\", which is not one of the rule's alert types."_s.arg(it.key())});
        } else if (!it.value().isObject()) {
            issues->append({Field::Settings, u"The settings of \"%1\" must be a JSON object."_s.arg(it.key())});
        }
    }
}

} // namespace

FieldIssues validateRule(const AlertRule &rule)
{
    FieldIssues issues;
    checkScope(rule, &issues);
    checkTypes(rule, &issues);
    checkDestinations(rule, &issues);
    checkSettings(rule, &issues);
    if (!rule.schedule.isNull() && !rule.schedule.isUndefined() && !rule.schedule.isObject())
        issues.append({Field::Schedule, u"The schedule must be a JSON object or empty."_s});
    return issues;
}

QString describeIssues(const FieldIssues &issues)
{
    QStringList sentences;
    for (const FieldIssue &issue : issues)
        sentences.append(issue.message);
    return sentences.join(u' ');
}

} // namespace fw::rules
