#include "alerts/acknowledgementstore.h"
#include "fleet/router.h"
#include "tiles/tiledelegate.h"
#include "tiles/tilefilterproxy.h"
#include "tiles/tileview.h"

#include "fakeevents.h"
#include "fakefleetmodel.h"

#include <QLineEdit>
#include <QListView>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace fw;
using fw::testing::FakeFleetModel;
using fw::ui::TileView;

class tst_TileView : public QObject
{
    Q_OBJECT

private:
    QDateTime m_now = QDateTime::currentDateTimeUtc();

private Q_SLOTS:
    void paintsStateAsColourSymbolAndWord()
    {
        QCOMPARE(ui::TileDelegate::stateText(fleet::OnlineState::Offline), QStringLiteral("Offline"));
        QCOMPARE(ui::TileDelegate::stateText(fleet::OnlineState::Unknown), QStringLiteral("Unknown"));
        QCOMPARE(ui::TileDelegate::ageText(125), QStringLiteral("2 min ago"));
        QCOMPARE(ui::TileDelegate::ageText(-5), QStringLiteral("0 s ago"));
    }

    void filtersFromTheToolbarAndActivates()
    {
        FakeFleetModel model;
        model.setRouters(testing::makeRouters(300, m_now));
        TileView view(&model, FakeFleetModel::roles());
        view.resize(1000, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QCOMPARE(view.proxy()->rowCount(), 300);

        auto *search = view.findChild<QLineEdit *>(QStringLiteral("tileSearch"));
        QTest::keyClicks(search, QStringLiteral("1007"));
        QCOMPARE(view.proxy()->rowCount(), 1);

        QSignalSpy activated(&view, &TileView::routerActivated);
        view.listView()->setCurrentIndex(view.proxy()->index(0, 0));
        QTest::keyClick(view.listView(), Qt::Key_Return);
        QCOMPARE(activated.size(), 1);
        QCOMPARE(activated.at(0).at(0).toString(), QStringLiteral("1007"));
    }

    void wallModeGrowsTilesAndRotatesPages()
    {
        FakeFleetModel model;
        model.setRouters(testing::makeRouters(500, m_now));
        TileView view(&model, FakeFleetModel::roles());
        view.resize(1000, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QSize normal = view.delegate()->tileSize();

        view.setWallMode(true);
        QVERIFY(view.delegate()->tileSize().width() > normal.width());
        QTRY_VERIFY(view.pageCount() > 2);
        QCOMPARE(view.currentPage(), 0);
        view.nextPage();
        QCOMPARE(view.currentPage(), 1);
        for (int i = 1; i < view.pageCount(); ++i)
            view.nextPage();
        QCOMPARE(view.currentPage(), 0); // wrapped to the first page

        view.setPageInterval(1);
        QTRY_COMPARE_WITH_TIMEOUT(view.currentPage(), 1, 3000);
        view.setWallMode(false);
        QCOMPARE(view.delegate()->tileSize(), normal);
    }

    void acknowledgementShowsOnTheTile()
    {
        QTemporaryDir dir;
        alerts::AcknowledgementStore acks;
        QVERIFY(acks.open(dir.filePath(QStringLiteral("db.sqlite"))));
        FakeFleetModel model;
        model.setRouters(testing::makeRouters(4, m_now));
        const store::Event event = testing::makeEvent(1, QStringLiteral("1000"), QStringLiteral("wwan_disconnected"),
                                                      store::Severity::Critical, m_now);
        acks.noteEvents({event});
        TileView view(&model, FakeFleetModel::roles(), &acks);
        view.resize(700, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QImage before = view.listView()->viewport()->grab().toImage();
        QVERIFY(acks.acknowledge(event, {}));
        const QImage after = view.listView()->viewport()->grab().toImage();
        QVERIFY(before != after); // the badge changed from unacknowledged to acknowledged
    }
};

QTEST_MAIN(tst_TileView)
#include "tst_tileview.moc"
