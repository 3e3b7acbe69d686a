// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonValue>
#include <QString>
#include <QStringList>

/// The little HTML the 360 view's sections are written in (SubjectProfileView and each provider's
/// ProviderSectionView).
namespace ProfileHtml {

/// The text escaped, or a dash when empty.
QString escaped(const QString& text);
/// "<b>label:</b> value<br>".
QString line(const QString& label, const QString& value);
/// A JSON scalar as text ("true", "0.92", …).
QString jsonText(const QJsonValue& value);
/// "FRAUDULENT", "RESET PENDING"…: what matters about a provider's state, as badges.
QString badges(const QStringList& marks);
/// An italic note, escaped.
QString note(const QString& text);

} // namespace ProfileHtml
