#include "alerts/alertfilterproxy.h"
#include "alerts/alertmodel.h"

#include "fakeevents.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace fw;
using fw::ui::AlertFilterProxy;
using fw::ui::AlertModel;

class tst_AlertFilterProxy : public QObject
{
    Q_OBJECT

private:
    QDateTime m_now = QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC);
    AlertModel *m_model = nullptr;
    AlertFilterProxy *m_proxy = nullptr;

private Q_SLOTS:
    void init()
    {
        m_model = new AlertModel(nullptr, this);
        m_model->setCoalesceInterval(0);
        m_model->setInitialEvents({
            testing::makeEvent(1, QStringLiteral("10"), QStringLiteral("wwan_disconnected"), store::Severity::Critical, m_now.addSecs(-7200), QStringLiteral("Modem")),
            testing::makeEvent(2, QStringLiteral("11"), QStringLiteral("ipsec_tunnel_down"), store::Severity::Warning, m_now.addSecs(-60), QStringLiteral("Security"), QStringLiteral("Tunnel to HQ lost")),
            testing::makeEvent(3, QStringLiteral("12"), QStringLiteral("wwan_connected"), store::Severity::Info, m_now.addSecs(-30), QStringLiteral("Modem")),
        });
        m_proxy = new AlertFilterProxy(this);
        m_proxy->setSourceModel(m_model);
        new QAbstractItemModelTester(m_proxy, QAbstractItemModelTester::FailureReportingMode::QtTest, m_proxy);
    }

    void cleanup()
    {
        delete m_proxy;
        delete m_model;
    }

    void newestFirstByDefault()
    {
        QCOMPARE(m_proxy->rowCount(), 3);
        QCOMPARE(m_proxy->index(0, 0).data(AlertModel::SeqRole).toLongLong(), 3);
        QCOMPARE(m_proxy->index(2, 0).data(AlertModel::SeqRole).toLongLong(), 1);
    }

    void filters_data()
    {
        QTest::addColumn<QString>("what");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QList<qint64>>("expected");
        QTest::newRow("severity warning+") << QStringLiteral("severity") << QStringLiteral("1") << QList<qint64>{2, 1};
        QTest::newRow("severity critical") << QStringLiteral("severity") << QStringLiteral("2") << QList<qint64>{1};
        QTest::newRow("category") << QStringLiteral("category") << QStringLiteral("Modem") << QList<qint64>{3, 1};
        QTest::newRow("type") << QStringLiteral("type") << QStringLiteral("ipsec_tunnel_down") << QList<qint64>{2};
        QTest::newRow("router by id") << QStringLiteral("router") << QStringLiteral("12") << QList<qint64>{3};
        QTest::newRow("router by name") << QStringLiteral("router") << QStringLiteral("router 1") << QList<qint64>{3, 2, 1};
        QTest::newRow("text in message") << QStringLiteral("text") << QStringLiteral("hq LOST") << QList<qint64>{2};
        QTest::newRow("text matches nothing") << QStringLiteral("text") << QStringLiteral("zzz") << QList<qint64>{};
        QTest::newRow("last hour") << QStringLiteral("since") << QStringLiteral("3600") << QList<qint64>{3, 2};
    }

    void filters()
    {
        QFETCH(QString, what);
        QFETCH(QString, value);
        QFETCH(QList<qint64>, expected);
        if (what == QStringLiteral("severity"))
            m_proxy->setMinimumSeverity(store::Severity(value.toInt()));
        else if (what == QStringLiteral("category"))
            m_proxy->setCategory(value);
        else if (what == QStringLiteral("type"))
            m_proxy->setType(value);
        else if (what == QStringLiteral("router"))
            m_proxy->setRouter(value);
        else if (what == QStringLiteral("text"))
            m_proxy->setText(value);
        else
            m_proxy->setTimeRange(m_now.addSecs(-value.toInt()), {});

        QList<qint64> seqs;
        for (int row = 0; row < m_proxy->rowCount(); ++row)
            seqs.append(m_proxy->index(row, 0).data(AlertModel::SeqRole).toLongLong());
        QCOMPARE(seqs, expected);
    }

    void newEventsPassThroughTheFilter()
    {
        m_proxy->setMinimumSeverity(store::Severity::Critical);
        m_model->addEvents({testing::makeEvent(4, QStringLiteral("13"), QStringLiteral("x"), store::Severity::Critical, m_now),
                            testing::makeEvent(5, QStringLiteral("13"), QStringLiteral("y"), store::Severity::Info, m_now)});
        QCOMPARE(m_proxy->rowCount(), 2);
        QCOMPARE(m_proxy->index(0, 0).data(AlertModel::SeqRole).toLongLong(), 4);
    }
};

QTEST_MAIN(tst_AlertFilterProxy)
#include "tst_alertfilterproxy.moc"
