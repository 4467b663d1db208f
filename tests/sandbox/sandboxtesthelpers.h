#pragma once

#include "http/httpmessage.h"
#include "sandbox/ncmformat.h"
#include "sandbox/sandbox.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

// Shared by the sandbox tests: a sandbox on a manual clock, and requests without a transport.
namespace fw::sandbox::test {

inline fw::api::ApiKeys testKeys()
{
    return {"cp-id", "cp-key", "ecm-id", "ecm-key"};
}

inline qint64 testStart()
{
    qint64 us = 0;
    parseIsoTime(QStringLiteral("2026-01-05T08:00:00+00:00"), &us);
    return us;
}

inline SandboxOptions testOptions(int routers = 50, quint64 seed = 7)
{
    SandboxOptions options;
    options.routers = routers;
    options.seed = seed;
    options.startUs = testStart();
    options.manualClock = true;
    options.stepSeconds = 60;
    options.api.keys = testKeys();
    return options;
}

inline fw::http::HttpRequest request(const QByteArray &method, const QByteArray &target,
                                     const QByteArray &body = {}, bool authenticated = true)
{
    fw::http::HttpRequest r;
    r.method = method;
    r.target = target;
    const qsizetype question = target.indexOf('?');
    r.path = QUrl::fromPercentEncoding(target.left(question < 0 ? target.size() : question));
    if (question >= 0)
        r.query = QUrlQuery(QString::fromLatin1(target.mid(question + 1)));
    if (authenticated) {
        const fw::api::ApiKeys keys = testKeys();
        r.headers = {{"X-CP-API-ID", keys.cpApiId}, {"X-CP-API-KEY", keys.cpApiKey},
                     {"X-ECM-API-ID", keys.ecmApiId}, {"X-ECM-API-KEY", keys.ecmApiKey}};
    }
    if (!body.isEmpty())
        r.headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")});
    r.body = body;
    r.peer = QHostAddress::LocalHost;
    return r;
}

inline QJsonObject json(const fw::http::HttpResponse &response)
{
    return QJsonDocument::fromJson(response.body).object();
}

inline QByteArray header(const fw::http::HttpResponse &response, QByteArrayView name)
{
    for (const auto &[key, value] : response.headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

// Whether an NCM-style error body names this field.
inline bool namesField(const fw::http::HttpResponse &response, const QString &field)
{
    const QJsonArray errors = json(response).value(QStringLiteral("errors")).toArray();
    return std::any_of(errors.begin(), errors.end(), [&field](const QJsonValue &error) {
        return error.toObject().value(QStringLiteral("field")).toString() == field;
    });
}

inline QByteArray body(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace fw::sandbox::test
