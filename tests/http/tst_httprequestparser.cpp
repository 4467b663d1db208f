#include "http/httprequestparser.h"

#include <QTest>

using fw::http::HttpRequestParser;
using Result = fw::http::HttpRequestParser::Result;

class tst_HttpRequestParser final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void wholeRequest();
    void byteByByte();
    void refused_data();
    void refused();
    void keepAlive_data();
    void keepAlive();
    void expectContinue();
    void leadingEmptyLines();
    void percentDecodedPathAndQuery();

private:
    fw::http::ServerLimits m_limits;
};

namespace {

// Feeds everything, returns the last result and how much was consumed in all.
Result feedAll(HttpRequestParser &parser, QByteArrayView input, qsizetype *total = nullptr)
{
    qsizetype position = 0;
    Result result = Result::NeedMore;
    while (true) {
        qsizetype consumed = 0;
        result = parser.feed(input.sliced(position), &consumed);
        position += consumed;
        if (result != Result::HeadComplete)
            break;
    }
    if (total)
        *total = position;
    return result;
}

} // namespace

void tst_HttpRequestParser::wholeRequest()
{
    HttpRequestParser parser(m_limits);
    const QByteArray input = "POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                             "X-CP-Signature:  abc \r\n\r\nhelloGET";
    qsizetype consumed = 0;
    QCOMPARE(feedAll(parser, input, &consumed), Result::Complete);
    QCOMPARE(consumed, input.size() - 3);

    const auto request = parser.takeRequest();
    QCOMPARE(request.method, "POST");
    QCOMPARE(request.path, u"/webhook");
    QCOMPARE(request.body, "hello");
    QCOMPARE(request.header("x-cp-signature"), "abc");
    QCOMPARE(request.headers.size(), 3);
    QVERIFY(request.keepAlive);
    QVERIFY(parser.inHead());
}

void tst_HttpRequestParser::byteByByte()
{
    HttpRequestParser parser(m_limits);
    const QByteArray input = "PUT /a HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc";
    QByteArray pending;
    Result result = Result::NeedMore;
    for (char c : input) {
        pending += c;
        qsizetype consumed = 0;
        do {
            result = parser.feed(pending, &consumed);
            pending.remove(0, consumed);
        } while (result == Result::HeadComplete);
        QVERIFY(result != Result::Error);
    }
    QCOMPARE(result, Result::Complete);
    QCOMPARE(parser.takeRequest().body, "abc");
}

void tst_HttpRequestParser::refused_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("status");

    const QByteArray bigHeader(m_limits.maxHeaderSize + 10, 'a');
    QByteArray manyHeaders = "GET / HTTP/1.1\r\nHost: x\r\n";
    for (int i = 0; i < m_limits.maxHeaderCount + 1; ++i)
        manyHeaders += "X-" + QByteArray::number(i) + ": 1\r\n";

    QTest::newRow("no version") << QByteArray("GET /\r\n\r\n") << 400;
    QTest::newRow("two spaces") << QByteArray("GET  / HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
    QTest::newRow("bad method") << QByteArray("G(T / HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
    QTest::newRow("absolute target") << QByteArray("GET http://x/ HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
    QTest::newRow("HTTP/2.0") << QByteArray("GET / HTTP/2.0\r\nHost: x\r\n\r\n") << 505;
    QTest::newRow("garbage version") << QByteArray("GET / HTTX/1.1\r\nHost: x\r\n\r\n") << 400;
    QTest::newRow("bare LF") << QByteArray("GET / HTTP/1.1\nHost: x\n\n") << 400;
    QTest::newRow("no Host") << QByteArray("GET / HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("two Hosts") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") << 400;
    QTest::newRow("space before colon") << QByteArray("GET / HTTP/1.1\r\nHost : x\r\n\r\n") << 400;
    QTest::newRow("folded header") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nA: b\r\n c\r\n\r\n") << 400;
    static constexpr char withNul[] = "GET / HTTP/1.1\r\nHost: x\0y\r\n\r\n";
    QTest::newRow("NUL in value") << QByteArray(withNul, sizeof withNul - 1) << 400;
    QTest::newRow("oversized headers") << "GET / HTTP/1.1\r\nHost: x\r\nA: " + bigHeader << 431;
    QTest::newRow("too many headers") << manyHeaders + "\r\n" << 431;
    QTest::newRow("Content-Length letters") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1x\r\n\r\n") << 400;
    QTest::newRow("Content-Length negative") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n") << 400;
    QTest::newRow("Content-Length overflow") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n") << 400;
    QTest::newRow("Content-Length conflicting") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n") << 400;
    QTest::newRow("Content-Length over limit") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1048577\r\n\r\n") << 413;
    QTest::newRow("chunked") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n") << 501;
    QTest::newRow("unknown Expect") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nExpect: magic\r\n\r\n") << 417;
}

void tst_HttpRequestParser::refused()
{
    QFETCH(QByteArray, input);
    QFETCH(int, status);

    HttpRequestParser parser(m_limits);
    QCOMPARE(feedAll(parser, input), Result::Error);
    QCOMPARE(parser.errorStatus(), status);
    QVERIFY(!parser.errorText().isEmpty());
}

void tst_HttpRequestParser::keepAlive_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("keepAlive");

    QTest::newRow("1.1 default") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n\r\n") << true;
    QTest::newRow("1.1 close") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nConnection: Close\r\n\r\n") << false;
    QTest::newRow("1.1 close in list") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nConnection: te, close\r\n\r\n") << false;
    QTest::newRow("1.0 default") << QByteArray("GET / HTTP/1.0\r\n\r\n") << false;
    QTest::newRow("1.0 keep-alive") << QByteArray("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") << true;
}

void tst_HttpRequestParser::keepAlive()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, keepAlive);

    HttpRequestParser parser(m_limits);
    QCOMPARE(feedAll(parser, input), Result::Complete);
    QCOMPARE(parser.takeRequest().keepAlive, keepAlive);
}

void tst_HttpRequestParser::expectContinue()
{
    HttpRequestParser parser(m_limits);
    qsizetype consumed = 0;
    const QByteArray head = "POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-Continue\r\nContent-Length: 2\r\n\r\n";
    QCOMPARE(parser.feed(head, &consumed), Result::HeadComplete);
    QCOMPARE(consumed, head.size());
    QVERIFY(parser.expectsContinue());
    QCOMPARE(parser.contentLength(), 2);
    QCOMPARE(parser.feed({}, &consumed), Result::NeedMore);
    QCOMPARE(parser.feed("ok", &consumed), Result::Complete);
}

void tst_HttpRequestParser::leadingEmptyLines()
{
    HttpRequestParser parser(m_limits);
    QCOMPARE(feedAll(parser, "\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n"), Result::Complete);
    QCOMPARE(parser.takeRequest().method, "GET");
}

void tst_HttpRequestParser::percentDecodedPathAndQuery()
{
    HttpRequestParser parser(m_limits);
    QCOMPARE(feedAll(parser, "GET /a%20b/?limit=5&x=%C3%A9 HTTP/1.1\r\nHost: x\r\n\r\n"),
             Result::Complete);
    const auto request = parser.takeRequest();
    QCOMPARE(request.path, u"/a b/");
    QCOMPARE(request.target, "/a%20b/?limit=5&x=%C3%A9");
    QCOMPARE(request.query.queryItemValue(QStringLiteral("limit")), u"5");
}

QTEST_GUILESS_MAIN(tst_HttpRequestParser)
#include "tst_httprequestparser.moc"
