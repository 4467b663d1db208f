#pragma once

#include "store/event.h"

#include <QHash>
#include <QList>
#include <QReadWriteLock>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace fw::ncm {

// How an alert type changes a router's online state (catalogue field "state_effect").
enum class StateEffect : quint8 {
    None = 0,
    Online,
    Offline,
    FromInfo, // the state is the value of info[stateInfoKey]: "online", "offline", "initialized"
};

// Where the catalogue knows a type from (field "evidence").
enum class Evidence : quint8 {
    Seen = 0, // in live data or official code
    Sample,   // listed by Cradlepoint's samples only
    UiOnly,   // a name in NCM's UI; the identifier is not known
    Learnt,   // learnt at run time from alerts/ or alert_rules/
    Unknown,  // not in the catalogue: answered with the defaults for unknown types
};

struct AlertTypeInfo
{
    QString type;     // the identifier; empty for UI-only names
    QString category; // one of Catalogue::categories()
    store::Severity severity = store::Severity::Warning;
    QString title;    // human title; the identifier itself when unknown
    Evidence evidence = Evidence::Unknown;
    bool identifierKnown = true;
    StateEffect stateEffect = StateEffect::None;
    QString stateInfoKey; // for StateEffect::FromInfo
    QStringList clears;   // types whose open alert on the same router this one closes

    bool isKnown() const { return evidence != Evidence::Unknown; }
};

// The catalogue of NCM alert types: data in resources/alerts/catalogue.json, not code.
// Thread-safe: lookups take a read lock, learn() and load() a write lock.
class Catalogue final
{
public:
    static constexpr QLatin1StringView BuiltinPath{":/fleetwall/alerts/catalogue.json"};
    static constexpr QLatin1StringView OtherCategory{"Other"};

    Catalogue();
    ~Catalogue();
    Q_DISABLE_COPY_MOVE(Catalogue)

    // The process-wide catalogue, loaded from the built-in resource on first use.
    static Catalogue &instance();

    // Validates and replaces the whole catalogue; on error nothing changes and *error holds
    // one sentence.
    bool load(QByteArrayView json, QString *error = nullptr);
    bool loadFile(const QString &path, QString *error = nullptr);
    bool loadBuiltin(QString *error = nullptr);

    // Never fails: an unknown type gets category "Other", the unknown-type severity and its
    // identifier as title.
    AlertTypeInfo lookup(const QString &type) const;
    bool contains(const QString &type) const;

    // Adds a type seen at run time (alerts/, alert_rules/, a push). True when it was new.
    bool learn(const QString &type, const QString &category = {}, std::optional<store::Severity> severity = {},
               const QString &title = {});

    // Fills category, severity and title of an event from its alert type.
    void classify(store::Event &event) const;

    // "online", "offline", "initialized" when this alert changes its router's state; else empty.
    QString stateFromAlert(const Alert &alert) const;

    QStringList categories() const;          // in display order, "Other" last
    QList<AlertTypeInfo> types() const;      // every identifier, sorted by identifier
    QList<AlertTypeInfo> uiOnlyTypes() const; // names without a known identifier
    QStringList learntTypes() const;         // for persisting across runs
    store::Severity unknownSeverity() const;

    static QString severityName(store::Severity severity);
    static std::optional<store::Severity> severityFromName(QStringView name);

private:
    struct Data;
    mutable QReadWriteLock m_lock;
    std::unique_ptr<Data> m_data;
};

} // namespace fw::ncm
