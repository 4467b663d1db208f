#include "core/feedmonitor.h"
#include "main/feedstatuswidget.h"
#include "main/mainwindow.h"

#include <QApplication>
#include <QDockWidget>
#include <QLabel>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

using fw::core::FeedMonitor;
using fw::ui::MainWindow;

class tst_MainWindow : public QObject
{
    Q_OBJECT

private:
    QDateTime m_now = QDateTime::currentDateTimeUtc();

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("FleetwallTest"));
        QSettings().clear();
    }

    void silentFeedWarningAppearsAndClears()
    {
        FeedMonitor feed(nullptr, [this] { return m_now; });
        feed.setSource(FeedMonitor::Source::Listener, QStringLiteral("http://127.0.0.1:8080/webhook"));
        feed.setSilenceThreshold(60);
        MainWindow window(&feed);
        window.show();
        QVERIFY(!window.feedStatus()->isWarningVisible());
        QVERIFY(window.feedStatus()->feedText().contains(QStringLiteral("Listener http://127.0.0.1:8080/webhook")));

        m_now = m_now.addSecs(61);
        feed.tick();
        QVERIFY(window.feedStatus()->isWarningVisible());
        QVERIFY(window.feedStatus()->warningText().contains(QStringLiteral("Feed silent since")));

        feed.noteEvents(5);
        QVERIFY(!window.feedStatus()->isWarningVisible());
        QVERIFY(window.feedStatus()->feedText().contains(QStringLiteral("0.5 events/s")));
    }

    void everyShortcutIsUniqueAndListed()
    {
        FeedMonitor feed;
        MainWindow window(&feed);
        const QList<QAction *> actions = window.shortcutActions();
        QVERIFY(actions.size() >= 8);
        QSet<QString> seen;
        for (QAction *action : actions) {
            const QString key = action->shortcut().toString();
            QVERIFY2(!seen.contains(key), qPrintable(QStringLiteral("duplicate shortcut ") + key));
            seen.insert(key);
        }
    }

    void layoutIsRemembered()
    {
        FeedMonitor feed;
        {
            MainWindow window(&feed);
            window.show();
            window.dock(MainWindow::Dock::Detail)->hide();
            window.close();
        }
        MainWindow again(&feed);
        again.restoreLayout();
        again.show();
        QVERIFY(again.dock(MainWindow::Dock::Detail)->isHidden());
        QVERIFY(!again.dock(MainWindow::Dock::Alerts)->isHidden());
    }

    void apiCostComparesWithPolling()
    {
        FeedMonitor feed;
        MainWindow window(&feed);
        window.setApiCost(37, 1000);
        const auto *label = window.findChild<QLabel *>(QStringLiteral("apiCost"));
        QVERIFY(label);
        QVERIFY2(label->text().contains(QStringLiteral("37")), qPrintable(label->text()));
        QVERIFY2(label->text().contains(QLocale().toString(1440000)), qPrintable(label->text()));
    }
};

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
