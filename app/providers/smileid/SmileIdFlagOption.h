// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

/// The console's words for Smile ID's enrollee flags (the CLI's --fraudulent, a bulk row's
/// fraudulent=true) and the flag each one sets on the wire (is_fraudulent): the one place that
/// mapping is written.
struct SmileIdFlagOption
{
    QString option;          ///< "active", "fraudulent", "allow-reenroll", "delete"
    QString flag;            ///< Smile ID's flag: "active", "is_fraudulent", "allow_new_enroll", "delete"
    bool takesValue = false; ///< true|false; without a value the flag is set to true

    /// Every option, in the order the CLI and the bulk grammar list them.
    static const QList<SmileIdFlagOption>& all();
    static const SmileIdFlagOption* byOption(const QString& option);
    static const SmileIdFlagOption* byFlag(const QString& flag);
    /// "true" or "false", exactly; nullopt for anything else.
    static std::optional<bool> parseValue(const QString& text);

    /// The action's params: {"flag": flag, "value": value}.
    QJsonObject params(bool value) const;
    /// The option as a bulk params cell writes it: "fraudulent=true", "delete".
    QString text(bool value) const;
};
