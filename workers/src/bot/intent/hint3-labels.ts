// How the labels of the HINT3 shop datasets (../shared/data/chat, ODbL/DbCL, hellohaptik/HINT3)
// map onto our intent vocabulary. Used only to evaluate the classifier on real shopper messages.
//
// `null` = excluded from scoring: the label mixes two of our intents about half and half, or is a
// bot-navigation command our bot answers before classification, so no single answer is right.
// Labels for services our bot does not offer map to `out_of_scope`: saying so IS the right answer.

import type { Intent } from './intents'
import type { ShopSource } from './lexicon'

export const HINT3_LABEL_TO_INTENT: Record<ShopSource, Record<string, Intent | null>> = {
  sofmattress: {
    EMI: 'payment_question',
    COD: 'payment_question',
    MATTRESS_COST: 'price_question',
    OFFERS: 'offers_question',
    '100_NIGHT_TRIAL_OFFER': 'offers_question', // a named promotion (free trial), asked about like an offer
    PRODUCT_VARIANTS: 'browse_catalog',
    PILLOWS: 'search_product', // asking for one product line by name
    ORTHO_FEATURES: 'product_question',
    ERGO_FEATURES: 'product_question',
    COMPARISON: 'product_question',
    WARRANTY: 'product_question',
    WHAT_SIZE_TO_ORDER: 'product_question',
    SIZE_CUSTOMIZATION: 'product_question',
    ABOUT_SOF_MATTRESS: 'product_question', // about the brand and what makes its products different
    CHECK_PINCODE: 'delivery_question',
    ORDER_STATUS: 'order_status',
    DELAY_IN_DELIVERY: 'order_status', // "it's been a month": chasing an order already placed
    CANCEL_ORDER: 'cancel_order',
    RETURN_EXCHANGE: 'return_exchange',
    DISTRIBUTORS: 'store_location',
    LEAD_GEN: 'human_handoff', // 13 of 21 ask for a call back / an agent; the rest ("I want to buy") score as errors
  },
  curekart: {
    RECOMMEND_PRODUCT: 'search_product', // mostly names a need or product ("fish oil", "best mass gainer")
    IMMUNITY: 'search_product', // a need the shop answers with products
    ORIGINAL_PRODUCT: 'product_question',
    EXPIRY_DATE: 'product_question',
    SIDE_EFFECT: 'product_question',
    REFER_EARN: 'offers_question', // referral promo codes
    PAYMENT_AND_BILL: 'payment_question',
    MODES_OF_PAYMENTS: 'payment_question',
    CHECK_PINCODE: 'delivery_question',
    RESUME_DELIVERY: 'delivery_question', // "if I order today when will it arrive"
    INTERNATIONAL_SHIPPING: 'delivery_question',
    MODIFY_ADDRESS: 'delivery_question', // where the parcel goes; we have no order-editing intent
    ORDER_STATUS: 'order_status',
    DELAY_IN_PARCEL: 'order_status',
    ORDER_QUERY: 'order_status', // "I have a query about my order": the order flow starts with its status
    CANCEL_ORDER: 'cancel_order',
    REFUNDS_RETURNS_REPLACEMENTS: 'return_exchange',
    STORE_INFORMATION: 'store_location',
    CHAT_WITH_AGENT: 'human_handoff', // includes complaints ("pathetic service"): escalate to a person
    CALL_CENTER: 'human_handoff', // wants a phone number / a person
    CONSULT_START: 'out_of_scope', // diet and fitness plans: not a shopping task
    USER_GOAL_FORM: 'out_of_scope', // the shop's fitness-goal form
    FRANCHISE: 'out_of_scope', // becoming a seller
    SIGN_UP: 'out_of_scope', // account registration
    WORK_FROM_HOME: 'out_of_scope', // whether the company office works in lockdown
    PORTAL_ISSUE: 'out_of_scope', // website bugs
    ORDER_TAKING: null, // mixed: ~half cash-on-delivery (payment), half "are you taking orders in lockdown"
    START_OVER: null, // "main menu" / "start over": a bot command handled before classification
  },
}
