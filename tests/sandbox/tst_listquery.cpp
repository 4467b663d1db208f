#include "sandbox/listquery.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace fw::sandbox;

class tst_ListQuery : public QObject
{
    Q_OBJECT

private:
    static std::optional<ListQuery> parse(const QString &query, QString *error = nullptr)
    {
        QString ignored;
        return ListQuery::parse(QUrlQuery(query), error ? error : &ignored);
    }

private Q_SLOTS:
    void limitDefaultsAndClamps_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<int>("limit");
        QTest::newRow("default") << QString() << 20;
        QTest::newRow("given") << u"limit=7"_s << 7;
        QTest::newRow("over the maximum") << u"limit=5000"_s << 500;
        QTest::newRow("zero means maximum") << u"limit=0"_s << 500;
    }
    void limitDefaultsAndClamps()
    {
        QFETCH(QString, query);
        QFETCH(int, limit);
        QCOMPARE(parse(query)->limit(), limit);
    }

    void refusesBadPaging_data()
    {
        QTest::addColumn<QString>("query");
        QTest::newRow("negative limit") << u"limit=-1"_s;
        QTest::newRow("text offset") << u"offset=abc"_s;
    }
    void refusesBadPaging()
    {
        QFETCH(QString, query);
        QString error;
        QVERIFY(!parse(query, &error));
        QVERIFY(!error.isEmpty());
    }

    void inTakesAtMostOneHundredValues()
    {
        QStringList ids;
        for (int i = 0; i < 100; ++i)
            ids.append(QString::number(i));
        QVERIFY(parse(u"id__in="_s + ids.join(u',')));
        ids.append(u"100"_s);
        QString error;
        QVERIFY(!parse(u"id__in="_s + ids.join(u','), &error));
        QVERIFY(error.contains(u"100"_s));
    }

    void filtersMatch_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<bool>("matches");
        QTest::newRow("equal") << u"state=online"_s << true;
        QTest::newRow("not equal") << u"state=offline"_s << false;
        QTest::newRow("in") << u"state__in=offline,online"_s << true;
        QTest::newRow("reference by id") << u"group=12"_s << true;
        QTest::newRow("reference in") << u"group__in=11,13"_s << false;
        QTest::newRow("numeric id gt") << u"id__gt=99"_s << true;
        QTest::newRow("numeric id gt, not text order") << u"id__gt=1000"_s << false;
        QTest::newRow("time gt") << u"updated_at__gt=2026-01-05T07:59:59.999999%2B00:00"_s << true;
        QTest::newRow("time gt zulu") << u"updated_at__gt=2026-01-05T08:00:00Z"_s << false;
        QTest::newRow("time lte") << u"updated_at__lte=2026-01-05T08:00:00.000000+00:00"_s << true;
        QTest::newRow("two filters") << u"state=online&id__lt=501"_s << true;
    }
    void filtersMatch()
    {
        QFETCH(QString, query);
        QFETCH(bool, matches);
        const QJsonObject record{{u"id"_s, u"500"_s}, {u"state"_s, u"online"_s},
                                 {u"group"_s, u"https://host/api/v2/groups/12/"_s},
                                 {u"updated_at"_s, u"2026-01-05T08:00:00.000000+00:00"_s}};
        const auto parsed = parse(query);
        QVERIFY(parsed);
        QCOMPARE(parsed->matches(record), matches);
    }

    void unknownFilterFieldIsNamed()
    {
        QCOMPARE(parse(u"colour=red&id=1"_s)->unknownFilterField({u"id"_s}), u"colour"_s);
        QCOMPARE(parse(u"id=1&limit=3&fields=id"_s)->unknownFilterField({u"id"_s}), QString());
    }

    void referenceIdTakesLastSegment()
    {
        QCOMPARE(referenceId(u"https://www.us0.cradlepointecm.com/api/v2/routers/123/"_s), u"123"_s);
        QCOMPARE(referenceId(u"123"_s), u"123"_s);
    }
};

QTEST_GUILESS_MAIN(tst_ListQuery)
#include "tst_listquery.moc"
