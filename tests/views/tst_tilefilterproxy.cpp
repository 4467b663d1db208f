#include "tiles/tilefilterproxy.h"

#include "fakefleetmodel.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace fw;
using fw::testing::FakeFleetModel;
using fw::ui::TileFilterProxy;

class tst_TileFilterProxy : public QObject
{
    Q_OBJECT

private:
    QDateTime m_now = QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC);

    QStringList names(const TileFilterProxy &proxy) const
    {
        QStringList result;
        for (int row = 0; row < proxy.rowCount(); ++row)
            result.append(proxy.index(row, 0).data().toString());
        return result;
    }

private Q_SLOTS:
    void filters_data()
    {
        QTest::addColumn<QString>("what");
        QTest::addColumn<QString>("value");
        QTest::addColumn<int>("expected");
        QTest::newRow("all") << QString() << QString() << 60;
        QTest::newRow("online") << QStringLiteral("state") << QStringLiteral("online") << 30;
        QTest::newRow("offline") << QStringLiteral("state") << QStringLiteral("offline") << 10;
        QTest::newRow("unknown state") << QStringLiteral("state") << QStringLiteral("unknown") << 10;
        QTest::newRow("group") << QStringLiteral("group") << QStringLiteral("Kiosks") << 20;
        QTest::newRow("category") << QStringLiteral("category") << QStringLiteral("Security") << 12;
        QTest::newRow("text carrier") << QStringLiteral("text") << QStringLiteral("at&t") << 21;
        QTest::newRow("text id") << QStringLiteral("text") << QStringLiteral("1042") << 1;
    }

    void filters()
    {
        QFETCH(QString, what);
        QFETCH(QString, value);
        QFETCH(int, expected);
        FakeFleetModel model;
        model.setRouters(testing::makeRouters(60, m_now));
        TileFilterProxy proxy(FakeFleetModel::roles());
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        if (what == QStringLiteral("state"))
            proxy.setState(int(fleet::onlineStateFromName(value)));
        else if (what == QStringLiteral("group"))
            proxy.setGroup(value);
        else if (what == QStringLiteral("category"))
            proxy.setCategory(value);
        else if (what == QStringLiteral("text"))
            proxy.setText(value);
        QCOMPARE(proxy.rowCount(), expected);
    }

    void sortsByEveryKey_data()
    {
        QTest::addColumn<int>("key");
        QTest::addColumn<int>("role");
        QTest::newRow("signal") << int(TileFilterProxy::SortKey::Signal) << int(FakeFleetModel::RsrpRole);
        QTest::newRow("battery") << int(TileFilterProxy::SortKey::Battery) << int(FakeFleetModel::BatteryRole);
        QTest::newRow("last event") << int(TileFilterProxy::SortKey::LastEvent) << int(FakeFleetModel::LastAtRole);
    }

    void sortsByEveryKey()
    {
        QFETCH(int, key);
        QFETCH(int, role);
        FakeFleetModel model;
        model.setRouters(testing::makeRouters(40, m_now));
        TileFilterProxy proxy(FakeFleetModel::roles());
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.sortBy(TileFilterProxy::SortKey(key), Qt::DescendingOrder);
        const QVariant first = proxy.index(0, 0).data(role);
        const QVariant second = proxy.index(1, 0).data(role);
        QVERIFY(first.isValid());
        if (role == FakeFleetModel::LastAtRole)
            QVERIFY(first.toDateTime() >= second.toDateTime());
        else
            QVERIFY(first.toDouble() >= second.toDouble());
        const QVariant last = proxy.index(proxy.rowCount() - 1, 0).data(role);
        if (role == FakeFleetModel::LastAtRole)
            QVERIFY(!last.toDateTime().isValid()); // unknown last
        else if (role == FakeFleetModel::BatteryRole)
            QCOMPARE(last.toInt(), -1);
        else
            QVERIFY(!last.isValid());
    }

    void stateSortPutsOfflineFirstAndFollowsChanges()
    {
        FakeFleetModel model;
        model.setRouters(testing::makeRouters(6, m_now));
        TileFilterProxy proxy(FakeFleetModel::roles());
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.sortBy(TileFilterProxy::SortKey::State);
        QCOMPARE(proxy.index(0, 0).data(FakeFleetModel::StateRole).toInt(), int(fleet::OnlineState::Offline));
        model.setState(0, QStringLiteral("offline"));
        QCOMPARE(proxy.index(1, 0).data(FakeFleetModel::StateRole).toInt(), int(fleet::OnlineState::Offline));
        QCOMPARE(names(proxy).size(), 6);
    }
};

QTEST_GUILESS_MAIN(tst_TileFilterProxy)
#include "tst_tilefilterproxy.moc"
