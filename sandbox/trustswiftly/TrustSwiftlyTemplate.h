// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

/// A Trust Swiftly verification template ("workflow"), e.g. flow_MzA "ID Document & Selfie".
struct TrustSwiftlyTemplate
{
    QString id; ///< "flow_" + unpadded base64 of the template's number
    QString name;
    QStringList types; ///< verification steps: document, selfie, address, phone, email
};
