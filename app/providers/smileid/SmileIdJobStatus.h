// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <QStringList>

/// The answer of Smile ID's `POST /v1/job_status` (docs/architecture.md section 3), e.g. for a SmartSelfie
/// registration (job_type 4). The server signs its answer like a request; `signature` says whether
/// that signature was verified. A reply whose signature is missing or wrong is reported by
/// SmileIdClient::jobStatus() as an error (ApiError::Kind::Auth, providerCode "bad-signature")
/// carrying this value for inspection only: its content must not be trusted.
struct SmileIdJobStatus
{
    enum class Signature
    {
        Valid,   ///< signature == base64(HMAC-SHA256(api_key, timestamp + partner_id + "sid_request"))
        Missing, ///< no signature or no timestamp in the answer: a security warning
        Invalid  ///< present but wrong: a security warning (forged, tampered or wrong key)
    };

    Signature signature = Signature::Missing;
    QString timestamp; ///< the server's, as sent
    bool jobComplete = false;
    bool jobSuccess = false;
    QString code; ///< e.g. "2302"
    // result
    QString resultCode; ///< ResultCode, e.g. "0810"
    QString resultText;
    QString resultType;
    QString smileJobId;
    QString partnerJobId;  ///< PartnerParams.job_id
    QString partnerUserId; ///< PartnerParams.user_id
    QString jobType;       ///< PartnerParams.job_type ("4": SmartSelfie registration)
    QString confidenceValue;
    bool isFinalResult = false;
    bool hasResult = false; ///< false while the job has no result object yet
    QJsonArray history;     ///< when asked for (history: true)
    QJsonObject imageLinks; ///< when asked for (image_links: true), as sent
    QStringList imageUrls;  ///< of imageLinks: selfie_image, then each of liveness_images
    QJsonObject raw;        ///< the whole answer

    bool signatureVerified() const { return signature == Signature::Valid; }
    /// "complete, success", "complete, failed", "pending" (translated).
    QString stateText() const;
    /// The fields above as a JSON object (for the 360 document and `--json`).
    QJsonObject toJson() const;
};

Q_DECLARE_METATYPE(SmileIdJobStatus)
