#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QUrlQuery>

#include <utility>

// Transport-independent HTTP messages shared by the webhook listener, the relay and the
// sandbox. The server in this folder parses into HttpRequest and serialises HttpResponse.
namespace fw::http {

using HeaderList = QList<std::pair<QByteArray, QByteArray>>;

struct HttpRequest
{
    QByteArray method;     // "GET", "POST", ... as sent
    QByteArray target;     // raw request target, e.g. "/api/v2/routers/?limit=5"
    QString path;          // percent-decoded path part of target
    QUrlQuery query;       // query part of target
    HeaderList headers;    // in arrival order, names as sent
    QByteArray body;
    QHostAddress peer;     // the TCP peer (before any X-Forwarded-For handling)
    quint16 peerPort = 0;
    bool secure = false;   // arrived over TLS
    int versionMinor = 1;  // HTTP/1.<versionMinor>: 0 or 1
    bool keepAlive = true; // the connection stays open after the answer

    // Case-insensitive lookup of the first header with this name; empty if absent.
    QByteArray header(QByteArrayView name) const
    {
        for (const auto &[key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
    bool hasHeader(QByteArrayView name) const
    {
        for (const auto &header : headers) {
            if (header.first.compare(name, Qt::CaseInsensitive) == 0)
                return true;
        }
        return false;
    }
};

struct HttpResponse
{
    int status = 200;
    HeaderList headers;    // Content-Length and Connection are added by the server
    QByteArray body;

    static HttpResponse json(int status, const QByteArray &json)
    {
        return {status, {{"Content-Type", "application/json"}}, json};
    }
    static HttpResponse text(int status, const QByteArray &text)
    {
        return {status, {{"Content-Type", "text/plain; charset=utf-8"}}, text};
    }
    static HttpResponse empty(int status) { return {status, {}, {}}; }

    // Case-insensitive check for a header the handler set.
    bool hasHeader(QByteArrayView name) const
    {
        for (const auto &header : headers) {
            if (header.first.compare(name, Qt::CaseInsensitive) == 0)
                return true;
        }
        return false;
    }
};

// "Not Found" for 404; "Unknown" for codes we never send.
QByteArrayView reasonPhrase(int status);

} // namespace fw::http
