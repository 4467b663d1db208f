#include "rules/ncmerror.h"

#include "api/ncmclient.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::Literals::StringLiterals;

namespace fw::rules {

namespace {

QString messagesOf(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    QStringList parts;
    const QJsonArray array = value.toArray();
    for (const QJsonValue &item : array)
        parts.append(item.isString() ? item.toString() : item.toObject().value("message"_L1).toString());
    if (value.isObject())
        parts.append(value.toObject().value("message"_L1).toString());
    parts.removeAll(QString());
    return parts.join(u' ');
}

FieldIssues fieldIssues(const QJsonObject &body)
{
    FieldIssues issues;
    const QJsonObject fields = body.value("fields"_L1).toObject();
    for (auto it = fields.begin(); it != fields.end(); ++it)
        issues.append({it.key(), messagesOf(it.value())});

    const QJsonArray errors = body.value("errors"_L1).toArray();
    for (const QJsonValue &error : errors) {
        const QJsonObject object = error.toObject();
        const QString field = object.value("field"_L1).toString();
        if (!field.isEmpty())
            issues.append({field, messagesOf(object)});
    }

    // Django REST style: the body itself maps field names to lists of messages.
    if (issues.isEmpty()) {
        for (auto it = body.begin(); it != body.end(); ++it) {
            if (it.value().isArray() && it.key() != "errors"_L1)
                issues.append({it.key(), messagesOf(it.value())});
        }
    }
    return issues;
}

QString statusSentence(int status, const QString &what, int attempts)
{
    switch (status) {
    case 0: return u"NCM could not be reached, so %1 was not written."_s.arg(what);
    case 400: return u"NCM refused %1 because of invalid fields."_s.arg(what);
    case 401: return u"NCM did not accept the API keys; check them in the settings."_s;
    case 403: return u"These API keys are not allowed to change %1; an NCM administrator must grant write access."_s.arg(what);
    case 404: return u"%1 no longer exists in NCM; someone may have deleted it."_s.arg(what.front().toUpper() + what.mid(1));
    case 409: return u"NCM refused %1 as conflicting with its current state; reload and compare."_s.arg(what);
    case 429: return u"NCM kept throttling the write of %1 after %2 attempts; wait a minute and try again."_s.arg(what).arg(attempts);
    default: break;
    }
    if (status >= 500)
        return u"NCM failed with a server error (HTTP %1) while writing %2; it may or may not have been written, so reload before trying again."_s
            .arg(status).arg(what);
    return u"NCM answered HTTP %1 to the write of %2."_s.arg(status).arg(what);
}

} // namespace

QString editorField(const QString &ncmField)
{
    if (ncmField == "associated_groups"_L1 || ncmField == "associated_accounts"_L1 || ncmField == "account"_L1)
        return QString(Field::Scope);
    if (ncmField.startsWith("filter_criteria"_L1))
        return QString(Field::Types);
    if (ncmField.startsWith("settings"_L1))
        return QString(Field::Settings);
    return ncmField;
}

NcmError explainReply(const api::ApiReply &reply, const QString &what)
{
    NcmError error;
    error.status = reply.status;
    if (reply.ok())
        return error;

    error.ncmMessage = reply.ncmMessage;
    if (reply.status == 400)
        error.fields = fieldIssues(reply.json.object());
    if (reply.status >= 200 && reply.status < 300) {
        error.sentence = reply.error; // a 2xx that could not be read
        return error;
    }

    error.sentence = statusSentence(reply.status, what, reply.attempts);
    if (reply.status == 0)
        error.sentence += u' ' + reply.error;
    for (const FieldIssue &issue : std::as_const(error.fields))
        error.sentence += u" %1: %2"_s.arg(issue.field, issue.message);
    if (error.fields.isEmpty() && !reply.ncmMessage.isEmpty())
        error.sentence += u" NCM said: %1"_s.arg(reply.ncmMessage);
    error.sentence += u" Your edit is kept."_s;
    return error;
}

} // namespace fw::rules
