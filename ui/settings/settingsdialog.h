#pragma once

#include "core/appsettings.h"

#include <QDialog>
#include <QHash>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;

namespace fw::ui {

// Secrets typed into the dialog. An empty optional leaves the keychain entry unchanged.
struct SecretEdits
{
    std::optional<QString> webhookSecret;
    std::optional<QString> relayToken;
    std::optional<QString> cpApiId, cpApiKey, ecmApiId, ecmApiKey;
};

// Edits AppSettings and the secrets. Nothing is accepted while any field is invalid: the
// field is marked and its reason shown, and the dialog never hands back half a change.
class SettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)

public:
    explicit SettingsDialog(const core::AppSettings &settings, QWidget *parent = nullptr);

    core::AppSettings settings() const;
    SecretEdits secrets() const;
    // Shown beside the secret fields, e.g. that no keychain service answered.
    void setKeychainNotice(const QString &notice);
    QString errorText() const;

public Q_SLOTS:
    void showConnectionResult(bool ok, const QString &message);
    void accept() override;

Q_SIGNALS:
    void testConnectionRequested(const QUrl &apiBase, const fw::ui::SecretEdits &keys);

private:
    QWidget *createFeedPage();
    QWidget *createNcmPage();
    QWidget *createMapPage();
    QWidget *createAlertsPage();
    void load(const core::AppSettings &settings);
    bool validateAndMark();
    QLineEdit *secretField(const QString &placeholder);

    core::AppSettings m_base;
    QTabWidget *m_tabs;
    QComboBox *m_feedMode;
    QLineEdit *m_address, *m_path, *m_cert, *m_key, *m_publicUrl, *m_relayUrl;
    QSpinBox *m_port;
    QPlainTextEdit *m_allow, *m_proxies;
    QLineEdit *m_webhookSecret, *m_relayToken;
    QLineEdit *m_apiBase, *m_cpId, *m_cpKey, *m_ecmId, *m_ecmKey;
    QPushButton *m_testConnection;
    QLabel *m_connectionResult, *m_keychainNotice;
    QCheckBox *m_tilesEnabled, *m_sound;
    QLineEdit *m_tileUrl, *m_attribution, *m_operator;
    QSpinBox *m_rsrpPoor, *m_rsrpFair, *m_sinrPoor, *m_battery, *m_silent;
    QLabel *m_errors;
    QDialogButtonBox *m_buttons;
    QHash<QString, QWidget *> m_fieldForKey;
};

} // namespace fw::ui
