#include "store/dedup.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace fw::store {

QByteArray canonicalJson(const QJsonValue &value)
{
    if (value.isObject())
        return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    if (value.isArray())
        return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    if (value.isUndefined())
        return QByteArrayLiteral("null");
    // A scalar: serialise it inside an array and strip the brackets.
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

QJsonValue jsonValueFromText(const QByteArray &text)
{
    if (text.isEmpty())
        return QJsonValue(QJsonValue::Undefined);
    const QJsonDocument document = QJsonDocument::fromJson('[' + text + ']');
    if (!document.isArray() || document.array().size() != 1)
        return QJsonValue(QJsonValue::Undefined);
    return document.array().first();
}

QByteArray dedupKey(const ncm::Alert &alert)
{
    if (!alert.createdAtTimeuuid.isEmpty())
        return "t:" + alert.createdAtTimeuuid.toUtf8();

    // Fields are separated by a unit separator so "a"+"bc" and "ab"+"c" differ.
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(alert.routerId.toUtf8());
    hash.addData(QByteArrayView("\x1f", 1));
    hash.addData(alert.type.toUtf8());
    hash.addData(QByteArrayView("\x1f", 1));
    hash.addData(QByteArray::number(alert.detectedAtMicros()));
    hash.addData(QByteArrayView("\x1f", 1));
    hash.addData(canonicalJson(alert.info));
    return "h:" + hash.result().toHex();
}

} // namespace fw::store
