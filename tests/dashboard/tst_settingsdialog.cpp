#include "settings/settingsdialog.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

using fw::core::AppSettings;
using fw::ui::SettingsDialog;

class tst_SettingsDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void unchangedSettingsRoundTrip()
    {
        AppSettings original;
        original.operatorName = QStringLiteral("Alex");
        original.allowedNetworks = {QStringLiteral("192.0.2.0/24")};
        SettingsDialog dialog(original);
        QCOMPARE(dialog.settings(), original);
        QVERIFY(!dialog.secrets().webhookSecret.has_value());
    }

    void invalidValueIsRefusedWithReason()
    {
        SettingsDialog dialog{AppSettings()};
        dialog.show();
        const QList<QLineEdit *> edits = dialog.findChildren<QLineEdit *>();
        QLineEdit *pathEdit = nullptr;
        for (QLineEdit *edit : edits) {
            if (edit->text() == QStringLiteral("/webhook"))
                pathEdit = edit;
        }
        QVERIFY(pathEdit);
        pathEdit->setText(QStringLiteral("no-slash"));
        dialog.accept();
        QVERIFY(dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QVERIFY(dialog.errorText().contains(QStringLiteral("must start with /")));
        QVERIFY(!pathEdit->styleSheet().isEmpty());

        pathEdit->setText(QStringLiteral("/hooks/ncm"));
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.settings().listenPath, QStringLiteral("/hooks/ncm"));
    }

    void testConnectionCarriesTypedKeys()
    {
        SettingsDialog dialog{AppSettings()};
        QSignalSpy spy(&dialog, &SettingsDialog::testConnectionRequested);
        const QList<QLineEdit *> edits = dialog.findChildren<QLineEdit *>();
        for (QLineEdit *edit : edits) {
            if (edit->echoMode() == QLineEdit::Password && edit->placeholderText() == QStringLiteral("unchanged"))
                edit->setText(QStringLiteral("typed"));
        }
        QPushButton *button = nullptr;
        const QList<QPushButton *> buttons = dialog.findChildren<QPushButton *>();
        for (QPushButton *candidate : buttons) {
            if (candidate->text().contains(QStringLiteral("Test connection")))
                button = candidate;
        }
        QVERIFY(button);
        button->click();
        QCOMPARE(spy.count(), 1);
        const auto keys = spy.first().at(1).value<fw::ui::SecretEdits>();
        QCOMPARE(keys.cpApiKey.value_or(QString()), QStringLiteral("typed"));
        QCOMPARE(keys.ecmApiId.value_or(QString()), QStringLiteral("typed"));

        dialog.showConnectionResult(false, QStringLiteral("NCM refused the API keys."));
        auto *result = dialog.findChild<QLabel *>(QStringLiteral("connectionResult"));
        QVERIFY(result->text().contains(QStringLiteral("refused")));
    }
};

QTEST_MAIN(tst_SettingsDialog)
#include "tst_settingsdialog.moc"
