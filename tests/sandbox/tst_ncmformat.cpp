#include "sandbox/ncmformat.h"

#include <QTest>
#include <QUuid>

using namespace Qt::Literals::StringLiterals;
using namespace fw::sandbox;

class tst_NcmFormat : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void isoTimeHasMicrosecondsAndOffset()
    {
        const qint64 us = 1767600000123456LL; // 2026-01-05T08:00:00.123456
        QCOMPARE(isoTime(us), u"2026-01-05T08:00:00.123456+00:00"_s);
        QCOMPARE(isoTime(us, true), u"2026-01-05T08:00:00.123456Z"_s);
    }

    void parsesWhatClientsSend_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("expected");
        QTest::newRow("offset") << u"2026-01-05T08:00:00.123456+00:00"_s << 1767600000123456LL;
        QTest::newRow("zulu") << u"2026-01-05T08:00:00.123456Z"_s << 1767600000123456LL;
        QTest::newRow("no fraction") << u"2026-01-05T08:00:00+00:00"_s << 1767600000000000LL;
        QTest::newRow("unescaped plus") << u"2026-01-05T08:00:00.5 00:00"_s << 1767600000500000LL;
        QTest::newRow("other zone") << u"2026-01-05T09:30:00+01:30"_s << 1767600000000000LL;
    }
    void parsesWhatClientsSend()
    {
        QFETCH(QString, text);
        QFETCH(qint64, expected);
        qint64 us = 0;
        QVERIFY(parseIsoTime(text, &us));
        QCOMPARE(us, expected);
    }

    void refusesNonsense()
    {
        qint64 us = 0;
        QVERIFY(!parseIsoTime(u"yesterday"_s, &us));
        QVERIFY(!parseIsoTime(u"2026-13-45T99:00:00Z"_s, &us));
    }

    void timeUuidIsVersionOneAndRoundTrips()
    {
        const qint64 us = 1767600000123456LL;
        const QString uuid = timeUuid(us, 0x0123456789abULL, 0x1234);
        QCOMPARE(QUuid::fromString(uuid).version(), QUuid::Time);
        QCOMPARE(QUuid::fromString(uuid).variant(), QUuid::DCE);
        qint64 back = 0;
        QVERIFY(timeUuidTime(uuid, &back));
        QCOMPARE(back, us);
        QVERIFY(!timeUuidTime(QUuid::createUuid().toString(QUuid::WithoutBraces), &back));
    }
};

QTEST_GUILESS_MAIN(tst_NcmFormat)
#include "tst_ncmformat.moc"
