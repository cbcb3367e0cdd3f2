import type { ProductFacts } from './facts'
import { type Channel, type LangPack, type Line, variantKind } from './lang'

const channel = (c: Channel) => (c === 'whatsapp' ? 'on WhatsApp' : c === 'telegram' ? 'on Telegram' : 'in our online shop')

function list(items: string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}

const l = (say: string, label: string): Line => ({ say, label })

export const en: LangPack = {
  code: 'en',
  toneHooks: {
    friendly: [
      { id: 'meet', make: (c) => `Say hello to the ${c.name}.` },
      { id: 'question', make: (c) => `Looking for a ${c.name}?` },
      { id: 'found-it', make: () => `We found your next favourite.` },
    ],
    premium: [
      { id: 'crafted', make: (c) => `The ${c.name}, done properly.` },
      { id: 'quiet-luxury', make: () => `Some things are simply made better.` },
      { id: 'introducing', make: (c) => `Introducing the ${c.name}.` },
    ],
    urgent: [
      { id: 'stop', make: (c) => `Stop scrolling: the ${c.name}.` },
      { id: 'dont-miss', make: (c) => `Don't miss the ${c.name}.` },
      { id: 'right-now', make: () => `You need to see this right now.` },
    ],
    playful: [
      { id: 'pov', make: (c) => `POV: you just found the ${c.name}.` },
      { id: 'guess', make: () => `Guess what just landed in our shop?` },
      { id: 'plot-twist', make: (c) => `Plot twist: the ${c.name} exists.` },
    ],
  },
  typeHooks: {
    fashion: [
      { id: 'outfit', make: () => `Your outfit is missing one thing.` },
      { id: 'compliments', make: () => `This is the piece people ask about.` },
    ],
    beauty: [
      { id: 'routine', make: () => `Your routine just got an upgrade.` },
      { id: 'glow', make: (c) => `Meet your new glow: ${c.name}.` },
    ],
    electronics: [
      { id: 'setup', make: () => `Your setup is about to change.` },
      { id: 'tech', make: (c) => `Tech check: the ${c.name}.` },
    ],
    food: [
      { id: 'hungry', make: () => `Hungry? Keep watching.` },
      { id: 'taste', make: (c) => `One taste of ${c.name}.` },
    ],
    home: [
      { id: 'space', make: () => `Your space deserves this.` },
      { id: 'cosy', make: (c) => `Make home better with the ${c.name}.` },
    ],
    generic: [
      { id: 'worth-it', make: () => `Here is something worth a look.` },
      { id: 'new-in', make: (c) => `Fresh from ${c.shop}: the ${c.name}.` },
    ],
  },
  plainHooks: [
    { id: 'plain-look', make: () => `Here is something worth a look.` },
    { id: 'plain-minute', make: () => `Give us a few seconds.` },
    { id: 'plain-see', make: (c) => `See what ${c.shop} has for you.` },
  ],
  ctas: {
    friendly: [
      { id: 'message', make: (c) => `Send us a message ${channel(c.channel)} and we'll sort you out.` },
      { id: 'order', make: (c) => `Order yours ${channel(c.channel)} today.` },
      { id: 'ask', make: (c) => `Questions? Ask us ${channel(c.channel)}, we are happy to help.` },
    ],
    premium: [
      { id: 'reserve', make: (c) => `Order yours ${channel(c.channel)}.` },
      { id: 'treat', make: (c) => `Treat yourself. Order ${channel(c.channel)}.` },
      { id: 'discover', make: (c) => `Discover it ${channel(c.channel)} at ${c.shop}.` },
    ],
    urgent: [
      { id: 'now', make: (c) => `Order now ${channel(c.channel)}.` },
      { id: 'today', make: (c) => `Message us ${channel(c.channel)} today.` },
      { id: 'tap', make: (c) => `Don't wait. Order ${channel(c.channel)} now.` },
    ],
    playful: [
      { id: 'you-know', make: (c) => `You know what to do: order ${channel(c.channel)}.` },
      { id: 'slide', make: (c) => `Slide into our messages ${channel(c.channel)}.` },
      { id: 'go', make: (c) => `Go on, order ${channel(c.channel)}. You deserve it.` },
    ],
  },
  channel,
  priceLine(p: ProductFacts, tone) {
    if (!p.price) return null
    if (p.was) return l(tone === 'urgent' ? `It was ${p.was}, now just ${p.price}.` : `It was ${p.was}, now it is ${p.price}.`, p.name)
    if (tone === 'premium') return l(`Yours for ${p.price}.`, p.name)
    return l(`It is just ${p.price}.`, p.name)
  },
  factLines(p) {
    const out: Line[] = []
    if (p.variantCount >= 2) {
      const kind = variantKind(p.variants)
      const shown = p.variants.slice(0, 3)
      out.push(l(`It comes in ${p.variantCount} ${kind}${p.variantCount > 3 ? `, like ${list(shown)}` : `: ${list(shown)}`}.`, `${p.variantCount} ${kind}`))
    }
    if (p.lowStock !== null) out.push(l(p.lowStock === 1 ? 'There is only one left.' : `There are only ${p.lowStock} left.`, `Only ${p.lowStock} left`))
    for (const d of p.descriptionLines) out.push(l(d, p.name))
    return out
  },
  shopLines(c) {
    const out: Line[] = []
    if (c.code) out.push(l(`Use the code ${c.code} when you order.`, `Code ${c.code}`))
    if (c.city) out.push(l(`We are right here in ${c.city}.`, c.city))
    return out
  },
  productIntro: (p, i) => {
    const lead = i === 0 ? 'First up' : i === 1 ? 'Next' : i === 2 ? 'Then' : 'And finally'
    return l(p.price ? `${lead}, the ${p.name}, at ${p.price}.` : `${lead}, the ${p.name}.`, p.name)
  },
  filler: {
    fashion: [
      l('It pairs easily with what you already own.', 'Easy to pair'),
      l('Dress it up for the evening or keep it simple for the day.', 'Day to night'),
      l('The kind of piece you reach for again and again.', 'Everyday favourite'),
      l('Good style does not have to be complicated.', 'Simple style'),
      l('Wear it your way, every single time.', 'Your way'),
      l('It is the easy answer to what should I wear today.', 'What to wear'),
      l('Style it with your favourite shoes and you are ready.', 'Ready to go'),
      l('Comfortable enough for all day, smart enough for any plan.', 'All day'),
    ],
    beauty: [
      l('A small step that makes your routine feel special.', 'Your routine'),
      l('Take a moment for yourself every day.', 'Me time'),
      l('It fits right into your morning or your evening.', 'Morning or night'),
      l('Self care starts with the little things.', 'Self care'),
      l('Add it to your shelf and see how it fits your day.', 'Your shelf'),
      l('Feel good in your own skin, your own way.', 'Feel good'),
      l('A little care goes a long way.', 'Little care'),
      l('It is a treat you can enjoy every day.', 'Daily treat'),
    ],
    electronics: [
      l('It is made for the way you use your tech every day.', 'Everyday tech'),
      l('Set it up and get on with your day.', 'Easy setup'),
      l('Good tech should just work, and this does the job.', 'Just works'),
      l('Ask us anything about it before you order.', 'Ask us'),
      l('It is a smart pick for work, study or play.', 'Work or play'),
      l('Less hassle, more time for what matters.', 'Less hassle'),
      l('We can walk you through the details before you buy.', 'The details'),
      l('Upgrade the gear you use every day.', 'Upgrade'),
    ],
    food: [
      l('Perfect for sharing, or keeping all to yourself.', 'Share it'),
      l('Made to be enjoyed, one bite at a time.', 'Enjoy'),
      l('Great for a quick treat or a family table.', 'Treat time'),
      l('Your next snack break just got better.', 'Snack break'),
      l('Bring it to the next get together and watch it disappear.', 'Bring it'),
      l('A little taste of something good.', 'Something good'),
      l('Keep some at home for when the craving hits.', 'Cravings'),
      l('Good food makes every day a little better.', 'Good food'),
    ],
    home: [
      l('It makes any room feel a little more like home.', 'Feels like home'),
      l('Practical for every day and easy on the eye.', 'Practical'),
      l('Small changes make a big difference at home.', 'Small changes'),
      l('Picture it in your space right now.', 'Your space'),
      l('Make your home work a little harder for you.', 'Home that works'),
      l('A simple upgrade for the room you use the most.', 'Simple upgrade'),
      l('It brings a fresh look without a big effort.', 'Fresh look'),
      l('Home is where you relax, so make it yours.', 'Make it yours'),
    ],
    generic: [
      l('It is a simple way to treat yourself.', 'Treat yourself'),
      l('Useful, easy and ready when you are.', 'Ready for you'),
      l('It is exactly what you have been looking for.', 'For you'),
      l('Take a closer look and see for yourself.', 'Take a look'),
      l('Made to be used and enjoyed every day.', 'Every day'),
      l('A simple choice that just makes sense.', 'Makes sense'),
      l('Once you have one, you will wonder how you managed without it.', 'Must have'),
      l('It is the kind of thing you will use again and again.', 'Again and again'),
    ],
  },
  general: [
    l('Take a closer look at the details.', 'The details'),
    l('We picked this one with you in mind.', 'Picked for you'),
    l('Send us a message if you want more photos.', 'More photos'),
    l('Tell your friends, they will thank you later.', 'Tell a friend'),
    l('It also makes a lovely gift for someone special.', 'Gift idea'),
    l('Our team is happy to help you choose.', 'We help'),
    l('Save this video so you can find it later.', 'Save it'),
    l('We love it, and we think you will too.', 'We love it'),
    l('Every order is packed with care by our team.', 'Packed with care'),
    l('Follow us to see what comes in next.', 'Follow us'),
    l('Watch to the end to see it up close.', 'Up close'),
    l('It is one of the favourites in our shop.', 'Shop favourite'),
    l('Share this with someone who needs to see it.', 'Share it'),
    l('Have a question? Just ask, we are here for you.', 'Just ask'),
    l('Check the photos and pick the one you like.', 'Pick yours'),
    l('Small shops like ours grow because of you.', 'Thank you'),
    l('Thank you for supporting a local business.', 'Shop local'),
    l('Drop a comment and tell us what you think.', 'Comment'),
    l('New here? Follow along for more like this.', 'New here'),
    l('Keep watching, there is more to see.', 'More to see'),
    l('Let us know which one is your favourite.', 'Your favourite'),
    l('We are always happy to hear from you.', 'Say hello'),
  ],
  topicGeneral: [
    l('Save this video so you can come back to it.', 'Save it'),
    l('Small habits make a big difference over time.', 'Small habits'),
    l('Try it this week and see what changes.', 'Try it'),
    l('Share this with a friend who will find it useful.', 'Share it'),
    l('Start with one step, then build from there.', 'One step'),
    l('Keep it simple and it becomes easy to repeat.', 'Keep it simple'),
    l('Tell us in the comments how it goes for you.', 'Tell us'),
    l('Follow us for more ideas like this.', 'Follow us'),
    l('You do not need much to get started.', 'Get started'),
    l('The little details are what people notice.', 'The details'),
    l('Have a question? Send us a message any time.', 'Ask us'),
    l('We share what we learn from our customers every day.', 'We share'),
    l('Pick the idea that fits your day best.', 'Your pick'),
    l('A good routine starts with a plan.', 'Plan it'),
    l('Come back to this whenever you need a reminder.', 'Reminder'),
    l('We love hearing what works for you.', 'Your ideas'),
    l('Thank you for supporting a local business.', 'Shop local'),
    l('New here? Follow along for more tips.', 'New here'),
    l('Give it a go and share your results with us.', 'Give it a go'),
    l('Keep watching, there is more to come.', 'More to come'),
    l('Write it down so you remember it later.', 'Write it down'),
    l('It is easier than it looks, we promise.', 'Easier than it looks'),
    l('Everyone starts somewhere, and today is a good day to begin.', 'Begin today'),
    l('Take your time and enjoy the process.', 'Take your time'),
    l('The best part is that anyone can do it.', 'Anyone can'),
    l('Do a little every day and it adds up.', 'It adds up'),
    l('Our customers ask us about this all the time.', 'You asked'),
    l('Here is what we have learned along the way.', 'What we learned'),
    l('If it helped, leave a like so others can find it.', 'Leave a like'),
    l('Let us know what you want to see next.', 'What next'),
    l('Bookmark this for the next time you need it.', 'Bookmark it'),
    l('Simple ideas are often the ones that last.', 'Simple ideas'),
  ],
  workInWord: (w, shop) => `As we say at ${shop}: ${w}.`,
  topicLine: (t) => l(`${t.replace(/[.!?]+$/, '')}.`, t.slice(0, 60)),
  captionCta: (c) => `Order ${channel(c.channel)}.`,
  collectionHook: (title) => (title ? `Our ${title} picks, all in one place.` : 'A few favourites, all in one place.'),
  captionWords: { was: 'was', code: 'Code' },
  defaultTags: {
    fashion: ['fashion', 'style', 'ootd'],
    beauty: ['beauty', 'selfcare', 'skincare'],
    electronics: ['tech', 'gadgets', 'electronics'],
    food: ['food', 'foodie', 'yummy'],
    home: ['home', 'homedecor', 'interior'],
    generic: ['shopping', 'shoplocal', 'smallbusiness'],
  },
}
