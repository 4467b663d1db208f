#pragma once

#include <QList>
#include <QString>

namespace fw::rules {

// Names of the fields an issue can point at; the editor marks the widget with this name.
namespace Field {
inline constexpr QLatin1StringView Scope{"scope"};
inline constexpr QLatin1StringView Account{"account"};
inline constexpr QLatin1StringView AssociatedAccounts{"associated_accounts"};
inline constexpr QLatin1StringView AssociatedGroups{"associated_groups"};
inline constexpr QLatin1StringView Types{"filter_criteria"};
inline constexpr QLatin1StringView HttpDestinations{"http_destinations"};
inline constexpr QLatin1StringView EmailDestinations{"email_destinations"};
inline constexpr QLatin1StringView Destinations{"destinations"};
inline constexpr QLatin1StringView Schedule{"schedule"};
inline constexpr QLatin1StringView Settings{"settings"};
inline constexpr QLatin1StringView Name{"name"};
inline constexpr QLatin1StringView Url{"endpoint"};
inline constexpr QLatin1StringView Secret{"authentication"};
} // namespace Field

// One problem with a rule or destination, in words for the operator.
struct FieldIssue
{
    QString field;   // one of Field, or a field name NCM reported
    QString message; // one sentence
    friend bool operator==(const FieldIssue &, const FieldIssue &) = default;
};

using FieldIssues = QList<FieldIssue>;

} // namespace fw::rules
