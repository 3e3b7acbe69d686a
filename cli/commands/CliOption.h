// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>
#include <utility>

/// One option of identitydesk-cli, as the parser, --help, the man page and the shell completions
/// all read it (CliRegistry holds them; nothing else lists options).
struct CliOption
{
    /// What a shell offers for the option's value.
    enum class Value
    {
        None,   ///< a switch: no value
        Text,   ///< free text: nothing to offer
        File,   ///< a file name
        Choice, ///< one of choices
        Store,  ///< a store URL (sqlite:PATH or postgresql://…)
    };

    CliOption() = default;
    CliOption(QString name, QString valueName, QString description, Value value = Value::None,
              QStringList choices = {}, QString fileGlob = {}, QString shortName = {})
        : name(std::move(name))
        , valueName(std::move(valueName))
        , description(std::move(description))
        , value(value)
        , choices(std::move(choices))
        , fileGlob(std::move(fileGlob))
        , shortName(std::move(shortName))
    {}

    QString name;        ///< without the dashes: "provider"
    QString valueName;   ///< "NAME"; empty for a switch
    QString description; ///< one or two sentences, plain text
    Value value = Value::None;
    QStringList choices; ///< the values a shell offers (Value::Choice)
    QString fileGlob;    ///< Value::File: the pattern a shell offers first ("*.json"), or empty
    QString shortName;   ///< a one-letter alias ("h" for help), or empty

    bool takesValue() const { return value != Value::None; }
};
